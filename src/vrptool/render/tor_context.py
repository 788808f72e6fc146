"""The plain context of one group's Terms of Reference: everything a template prints, nothing more.

Every sentence is built here, as segments (text and footnote citations), so that templates only
format: the partnership's fixed sentences come from `tor_wording` (partnership.yaml, then the
group's own), numbers and plurals are settled here, and a section the data leaves empty is left
out rather than rendered as a lead-in over an empty list.
"""

from __future__ import annotations

from itertools import groupby

from vrptool.dataset import CheckedDataSet
from vrptool.models.group import Group, RoleMembership
from vrptool.models.tor_wording import TorWording
from vrptool.render.prose import segments

AUTHORITY = {"specified": "Specified Authority", "relevant": "Relevant Authority", "none": "N/A"}
STATUS = {"not_yet_required": "Attendance not yet required", "no_representation": "No representation at this stage"}


def cited(text: str) -> list[dict]:
    """Segments of a text that a number in brackets will follow: "… measurement (3.1)."."""
    return segments(text.rstrip().rstrip("."))


def uk_date(day) -> str:
    return day.strftime("%d/%m/%Y")


def plural(word: str, count: int) -> str:
    return word if count == 1 else word + "s"


def wording_of(data: CheckedDataSet, group: Group) -> TorWording:
    """The partnership's ToR wording with the group's own sentences in place of its defaults."""
    wording = data.partnership.model.tor_wording
    own = group.tor_wording
    if own is None:
        return wording
    return wording.model_copy(update={name: getattr(own, name) for name in own.model_fields_set})


class Sentences:
    """A ToR's fixed sentences as segments, with its placeholders filled in for one group."""

    def __init__(self, wording: TorWording, called: str, version: int) -> None:
        self._wording = wording
        self._called = called
        self._version = str(version)

    def __call__(self, name: str, date: str = "", **counts: int) -> list[dict]:
        text = getattr(self._wording, name)
        if text is None:
            return []
        values = {"group": self._called, "version": self._version, "date": date,
                  **{key: plural(key[:-1], count) for key, count in counts.items()}}
        return [{"text": _fill(part["text"], values)} if "text" in part else part for part in segments(text)]


def _fill(text: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


def tor_context(data: CheckedDataSet, group: Group) -> dict:
    tor = group.tor
    if tor is None:
        raise ValueError(f"{group.id} has no Terms of Reference (no 'tor' key) to render")
    partnership = data.partnership.model
    organisations = {o.id: o for o in partnership.organisations}
    activities = {a.id: a for strand in data.toc.model.strands for a in strand.activities}
    recommendations = {r.id: r for r in data.crest.model.recommendations}
    called = group.referred_to_as or group.abbreviation
    wording = wording_of(data, group)
    say = Sentences(wording, called, tor.version)
    # An achieved recommendation is no longer one to deliver: it leaves the ToR.
    open_recommendations = [r for r in group.recommendations if recommendations[r].status != "achieved"]
    performance = _performance(data, group, organisations, say)
    duty = partnership.duty_authorities
    specified = list(duty.specified) if duty else []
    relevant = list(duty.relevant) if duty else []
    title = wording.title or f"{group.name} ({group.abbreviation})"
    return {
        "partnership": {
            "name": partnership.name,
            "short_name": partnership.short_name,
            "vision": segments(partnership.vision),
            "mission": segments(partnership.mission),
        },
        "group": {
            "id": group.id,
            "name": group.name,
            "abbreviation": group.abbreviation,
            "called": called,
            "title": title,
        },
        "document_title": f"{title} Terms of Reference",
        "header": wording.header or partnership.name,
        "subtitle": f"Terms of Reference (ToR), version {tor.version}, {tor.issued.strftime('%B %Y')}",
        "tor": {
            "version": tor.version,
            "issued": uk_date(tor.issued),
            "month": tor.issued.strftime("%B %Y"),
            "review_by": uk_date(tor.review_by) if tor.review_by else None,
        },
        # Each version issued, as `vrptool tor issue` records them, oldest first.
        "versions": [{"version": v.version, "issued": uk_date(v.issued), "change": v.change}
                     for v in tor.history],
        "membership_heading": f"Distribution list and {group.abbreviation} membership",
        "membership_columns": [[{"text": "Agency"}], say("authority_column"), [{"text": "Name & Role / Partner"}],
                               [{"text": "Date Sent"}]],
        "membership": [_member(member, organisations, say, wording) for member in group.membership],
        # A heading only over a section with something in it: a new group has no introduction yet.
        "introduction_heading": "Introduction" if group.introduction else None,
        "introduction": [segments(p) for p in group.introduction],
        "aims_heading": ("Aims and activities linked to the Theory of Change (ToC)"
                         if group.aims or group.activities else None),
        "aims": [segments(p) for p in group.aims],
        "activities_lead": say("activities_lead") if group.activities else [],
        "activities": [
            {"id": a.id,
             "line": cited(activities[a.id].text)
             + [{"text": f" ({a.id})" + (wording.focus_lead if a.focus else wording.activity_end)}],
             "focus": [segments(f) for f in a.focus]}
            for a in group.activities
        ],
        "recommendations_introduction": say("recommendations_introduction"),
        "recommendations_lead": say("recommendations_lead") if open_recommendations else say("no_recommendations"),
        "recommendations": [{"id": r, "line": cited(recommendations[r].text) + [{"text": f" ({r})."}]}
                            for r in open_recommendations],
        "recommendations_closing": say("recommendations_closing") if open_recommendations else [],
        "performance_introduction": say("performance_introduction"),
        "performance_lead": say("performance_lead", elements=sum(len(m["indicators"]) for o in performance
                                                                   for m in o["measures"])) if performance else [],
        "performance": performance,
        "duty": {
            "specified_lead": say("specified_lead") if specified else [],
            "specified": [[{"text": authority}] for authority in specified],
            "relevant_lead": say("relevant_lead") if relevant else [],
            "relevant": [[{"text": authority}] for authority in relevant],
        },
        "responsibilities_lead": say("responsibilities_lead") if group.responsibilities else [],
        "responsibilities": [segments(p) for p in group.responsibilities],
        "closing_sections": [
            {"heading": heading, "paragraphs": [segments(p) for p in paragraphs]}
            for heading, paragraphs in (("Reporting relationships", group.reporting),
                                        ("Meeting frequency and format", group.meeting_arrangements),
                                        ("Administration", group.administration),
                                        ("Data sharing", group.data_sharing))
            if paragraphs
        ],
    }


def _member(member, organisations, say: Sentences, wording: TorWording) -> dict:
    organisation = organisations[member.organisation]
    # `agency` is how the ToRs' tables name it, word for word; else its name and initials.
    agency = organisation.agency or organisation.name
    if not organisation.agency and organisation.abbreviation and organisation.abbreviation not in agency:
        agency = f"{agency} ({organisation.abbreviation})"
    return {
        "agency": agency,
        "authority": AUTHORITY[organisation.duty],
        "roles": list(member.roles) if isinstance(member, RoleMembership) else [],
        "status": None if isinstance(member, RoleMembership) else STATUS[member.status],
        "sent": "".join(part.get("text", "") for part in say("date_sent", date=uk_date(member.sent)))
                if member.sent else wording.not_sent,
    }


def _performance(data: CheckedDataSet, group: Group, organisations, say: Sentences) -> list[dict]:
    """The group's indicators grouped by outcome and success measure, in framework order; each
    outcome, measure and indicator with its whole line, lead-in words included."""
    wanted = set(group.indicators)
    monitored = [placed for placed in data.obpf.model.indicators() if placed.indicator.id in wanted]
    outcomes = []
    # An outcome's path in obpf.yaml is the first four steps of its indicators' paths, a measure's the first six.
    for _, of_outcome in groupby(monitored, key=lambda placed: placed.path[:4]):
        in_outcome = list(of_outcome)
        measures = []
        for _, of_measure in groupby(in_outcome, key=lambda placed: placed.path[:6]):
            in_measure = list(of_measure)
            measure = in_measure[0].measure
            indicators = [{"id": p.indicator.id,
                           "line": _indicator_line(p.indicator, organisations, group.indicator_lines.get(p.indicator.id))}
                          for p in in_measure]
            line = (segments(measure.text) + [{"text": ", "}] + say("sources_lead", sources=len(indicators))
                    if measure.text else None)
            measures.append({"id": measure.id, "line": line, "indicators": indicators})
        outcome = in_outcome[0].outcome
        described = any(m["line"] for m in measures)
        lead = [{"text": ". "}] + say("measures_lead", measures=len(measures)) if described else [{"text": ":"}]
        text = segments(outcome.text) if outcome.text else [{"text": f"Outcome {outcome.id}"}]
        outcomes.append({"id": outcome.id, "line": text + lead, "measures": measures})
    return outcomes


def _indicator_line(indicator, organisations, own: str | None) -> list[dict]:
    """"Source: text - dataset (id).", or the ToR's own wording of the line before its number."""
    if own:
        return cited(own) + [{"text": f" ({indicator.id})."}]
    source = organisations[indicator.source]
    dataset = f" - {indicator.dataset}" if indicator.dataset else ""
    return ([{"text": f"{source.abbreviation or source.name}: "}] + cited(indicator.text)
            + [{"text": f"{dataset} ({indicator.id})."}])
