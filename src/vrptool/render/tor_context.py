"""The plain context of one group's Terms of Reference: everything a template prints, nothing more."""

from __future__ import annotations

from vrptool.dataset import DataSet
from vrptool.models.group import Group, RoleMembership
from vrptool.render.prose import segments

AUTHORITY = {"specified": "Specified Authority", "relevant": "Relevant Authority", "none": "N/A"}
STATUS = {"not_yet_required": "Attendance not yet required", "no_representation": "No representation at this stage"}


def cited(text: str) -> list[dict]:
    """Segments of a text that a number in brackets will follow: "… measurement (3.1)."."""
    return segments(text.rstrip().rstrip("."))


def uk_date(day) -> str:
    return day.strftime("%d/%m/%Y")


def tor_context(data: DataSet, group: Group) -> dict:
    partnership = data.partnership.model
    organisations = {o.id: o for o in partnership.organisations}
    activities = {a.id: a for strand in data.toc.model.strands for a in strand.activities}
    recommendations = {r.id: r for r in data.crest.model.recommendations}
    called = group.referred_to_as or group.abbreviation
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
            "title": f"{group.name} ({group.abbreviation})",
        },
        "tor": {
            "version": group.tor.version,
            "issued": uk_date(group.tor.issued),
            "month": group.tor.issued.strftime("%B %Y"),
            "review_by": uk_date(group.tor.review_by) if group.tor.review_by else None,
        },
        "membership": [_member(member, organisations) for member in group.membership],
        "introduction": [segments(p) for p in group.introduction],
        "aims": [segments(p) for p in group.aims],
        "activities": [
            {"id": a.id, "text": cited(activities[a.id].text), "focus": [segments(f) for f in a.focus]}
            for a in group.activities
        ],
        # An achieved recommendation is no longer one to deliver: it leaves the ToR.
        "recommendations": [
            {"id": r, "text": cited(recommendations[r].text)}
            for r in group.recommendations if recommendations[r].status != "achieved"
        ],
        "performance": _performance(data, group, organisations),
        "duty": {
            "specified": list(partnership.duty_authorities.specified) if partnership.duty_authorities else [],
            "relevant": list(partnership.duty_authorities.relevant) if partnership.duty_authorities else [],
        },
        "responsibilities": [segments(p) for p in group.responsibilities],
        "reporting": [segments(p) for p in group.reporting],
        "meeting_arrangements": [segments(p) for p in group.meeting_arrangements],
        "administration": [segments(p) for p in group.administration],
        "data_sharing": [segments(p) for p in group.data_sharing],
    }


def _member(member, organisations) -> dict:
    organisation = organisations[member.organisation]
    agency = organisation.agency or organisation.name
    if organisation.abbreviation and organisation.abbreviation not in agency:
        agency = f"{agency} ({organisation.abbreviation})"
    return {
        "agency": agency,
        "authority": AUTHORITY[organisation.duty],
        "roles": list(member.roles) if isinstance(member, RoleMembership) else [],
        "status": None if isinstance(member, RoleMembership) else STATUS[member.status],
        "sent": uk_date(member.sent) if member.sent else "N/A",
    }


def _performance(data: DataSet, group: Group, organisations) -> list[dict]:
    """The group's indicators grouped by outcome and success measure, in framework order."""
    wanted = set(group.indicators)
    outcomes = []
    for area in data.obpf.model.areas:
        for outcome in area.outcomes:
            measures = []
            for measure in outcome.measures:
                indicators = [
                    {
                        "id": i.id,
                        "text": cited(i.text),
                        "source": _source_name(organisations[i.source]),
                        "dataset": i.dataset,
                    }
                    for i in measure.indicators if i.id in wanted
                ]
                if indicators:
                    measures.append({"id": measure.id, "text": segments(measure.text) if measure.text else None,
                                     "indicators": indicators})
            if measures:
                outcomes.append({"id": outcome.id, "text": segments(outcome.text) if outcome.text else None,
                                 "measures": measures,
                                 "indicator_count": sum(len(m["indicators"]) for m in measures)})
    return outcomes


def _source_name(organisation) -> str:
    return organisation.abbreviation or organisation.name
