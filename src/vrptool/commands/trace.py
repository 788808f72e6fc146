"""vrptool trace: for any id, what refers to it and what it refers to."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path
from typing import TextIO

from vrptool import checks
from vrptool.commands.common import streams
from vrptool.exitcodes import EXIT_OK, EXIT_REFUSED
from vrptool.models.group import RoleMembership
from vrptool.suggest import did_you_mean
from vrptool.terminal import words


def trace(data_dir: Path, wanted: str, *, output_format: str = "text", out: TextIO | None = None,
          err: TextIO | None = None) -> int:
    out, err = streams(out, err)
    data = checks.check(data_dir, dt.date.today()).data
    matches = [_trace(data, kind, data.defined(kind)[wanted])
               for kind in sorted(data.definitions) if wanted in data.defined(kind)]
    if not matches:
        every = sorted({str(p.id) for places in data.definitions.values() for p in places})
        err.write(f"vrptool: '{wanted}' is not the id of anything in {data_dir}{did_you_mean(wanted, every)}\n")
        return EXIT_REFUSED
    if output_format == "json":
        out.write(json.dumps({"id": wanted, "matches": matches}, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    for match in matches:
        out.write(f"{match['kind']} {wanted}: {match['label']}\n  defined at {match['defined_at']}\n")
        if match.get("strategy_label"):
            out.write(f"  the Response Strategy words it: {match['strategy_label']}\n")
        # Each relation says its own direction ("reports to", "delivered by"): a line is that, then the other end.
        for link in match["refers_to"] + match["referred_by"]:
            out.write(f"  {link['relation']}: {link['kind']} {link['id']}"
                      f"{' (' + link['label'] + ')' if link.get('label') else ''}\n")
        if match.get("values") is not None:
            quarters = match["values"]
            out.write(f"  values in {words(len(quarters), 'quarter')}"
                      f"{': ' + ', '.join(quarters) if quarters else ''}\n")
    return EXIT_OK


def _link(relation: str, kind: str, id_: str, label: str = "") -> dict:
    return {"relation": relation, "kind": kind, "id": id_, "label": label}


def _trace(data, kind: str, place) -> dict:
    line, column = place.source.at(place.path)
    match = {"kind": kind, "id": place.id, "defined_at": f"{place.source.display}:{line}:{column}",
             "label": "", "refers_to": [], "referred_by": [], "values": None}
    partnership = data.partnership.model if data.partnership else None
    groups = {g.id: g for _, g in data.valid_groups()}
    organisations = {o.id: o for o in partnership.organisations} if partnership else {}
    citing = defaultdict(list)
    for reference in data.references.get(kind, []):
        if reference.id == place.id:
            citing[reference.source.display].append(reference)
    if kind == "ToC activity" and data.toc and data.toc.model:
        strand = next(s for s in data.toc.model.strands if any(a.id == place.id for a in s.activities))
        activity = next(a for a in strand.activities if a.id == place.id)
        match["label"] = activity.text
        # The Response Strategy may word the activity its own way; both wordings are the data's.
        match["strategy_label"] = activity.strategy_text
        match["refers_to"].append(_link("strand", "ToC strand", strand.id, strand.title))
        match["refers_to"].append(_link("objective", "strategic objective", strand.objective))
        for group in groups.values():
            if any(a.id == place.id for a in group.activities):
                match["referred_by"].append(_link("delivered by", "group", group.id, group.abbreviation))
                for indicator in group.indicators:
                    match["referred_by"].append(_link(f"measured (through {group.abbreviation}) by",
                                                      "OBPF indicator", indicator))
    elif kind == "Crest recommendation" and data.crest and data.crest.model:
        recommendation = next(r for r in data.crest.model.recommendations if r.id == place.id)
        match["label"] = f"{recommendation.status.replace('_', ' ')}: {recommendation.text}"
        for group in groups.values():
            if place.id in group.recommendations:
                match["referred_by"].append(_link("owned by", "group", group.id, group.abbreviation))
    elif kind == "OBPF indicator" and data.obpf and data.obpf.model:
        for placed in data.obpf.model.indicators():
            indicator, measure, outcome = placed.indicator, placed.measure, placed.outcome
            if indicator.id == place.id:
                match["label"] = indicator.text
                match["refers_to"].append(_link("success measure", "OBPF measure", measure.id, measure.text or ""))
                match["refers_to"].append(_link("outcome", "OBPF outcome", outcome.id, outcome.text or ""))
                source = organisations.get(indicator.source)
                match["refers_to"].append(_link("data source", "organisation", indicator.source,
                                                source.name if source else ""))
        for group in groups.values():
            if place.id in group.indicators:
                match["referred_by"].append(_link("monitored by", "group", group.id, group.abbreviation))
        match["values"] = sorted(r.quarter for _, r in data.valid_returns()
                                 if any(e.indicator == place.id and e.value is not None for e in r.values))
    elif kind == "organisation" and place.id in organisations:
        organisation = organisations[place.id]
        match["label"] = f"{organisation.name} ({organisation.duty} authority)" if organisation.duty != "none" \
            else organisation.name
        for group in groups.values():
            for member in group.membership:
                if member.organisation == place.id:
                    relation = (f"member ({words(len(member.roles), 'role')})"
                                if isinstance(member, RoleMembership) else member.status.replace("_", " "))
                    match["referred_by"].append(_link(f"{relation} of", "group", group.id, group.abbreviation))
        _other_citations(match, citing, exclude=("groups/",))
    elif kind == "group" and place.id in groups:
        group = groups[place.id]
        match["label"] = f"{group.name} ({group.abbreviation})"
        if group.reports_to:
            match["refers_to"].append(_link("reports to", "group", group.reports_to))
        if group.objective:
            match["refers_to"].append(_link("objective", "strategic objective", group.objective))
        for activity in group.activities:
            match["refers_to"].append(_link("delivers", "ToC activity", activity.id))
        for recommendation in group.recommendations:
            match["refers_to"].append(_link("owns", "Crest recommendation", recommendation))
        for indicator in group.indicators:
            match["refers_to"].append(_link("monitors", "OBPF indicator", indicator))
        for member in group.membership:
            match["refers_to"].append(_link("member", "organisation", member.organisation))
        for other in groups.values():
            if other.reports_to == place.id:
                match["referred_by"].append(_link("reported to by", "group", other.id, other.abbreviation))
        meetings = [m for _, m in data.valid_meetings() if m.group == place.id]
        for meeting in sorted(meetings, key=lambda m: m.date):
            match["referred_by"].append(_link("met at", "meeting", meeting.date.isoformat()))
    else:
        node = place.source.tree
        for part in place.path[:-1]:
            node = node[part]
        match["label"] = next((str(node[k]) for k in ("text", "title", "name", "statement")
                               if isinstance(node, dict) and node.get(k)), "")
        _other_citations(match, citing)
    return match


def _other_citations(match: dict, citing: dict, exclude: tuple = ()) -> None:
    for display, references in sorted(citing.items()):
        if any(part in display for part in exclude):
            continue
        times = "once" if len(references) == 1 else words(len(references), "time")
        match["referred_by"].append(_link(f"cited {times} in",
                                          "file", display))
