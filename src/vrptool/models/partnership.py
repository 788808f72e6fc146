"""partnership.yaml: the partnership itself, its objectives and its organisations."""

from typing import Annotated, Literal

from pydantic import Discriminator, Tag, model_validator

from vrptool.ids import FootnoteId, InterventionId, LocalAreaId, ObjectiveId, OrganisationId, PartnershipId
from vrptool.models.base import Date, Paragraphs, Record, Text, described
from vrptool.models.behaviour import (
    SuppressionRange,
    block_kind,
    cell_kind,
    item_kind,
    suppression_range,
)
from vrptool.models.tor_wording import TorWording
from vrptool.statuses import DUTIES, Duty, alternatives


class StrategicObjective(Record):
    id: ObjectiveId = described("Strategic objective id, e.g. SO2.")
    title: Text = described("Short title, e.g. 'Data and Analysis'.")
    statement: Text = described("What the partnership will do under this objective.")


class Organisation(Record):
    id: OrganisationId = described("Organisation id, e.g. hfrs.")
    name: Text = described("Full name.")
    abbreviation: Text | None = described("Initials, e.g. HFRS.", default=None)
    agency: Text | None = described("How ToR distribution tables name it, if not by its name.", default=None)
    duty: Duty = described(f"Serious Violence Duty status: {alternatives(DUTIES)}.")


class LocalArea(Record):
    id: LocalAreaId = described("Area id, e.g. portsmouth.")
    name: Text = described("Name of the area, e.g. Portsmouth.")
    kind: Text | None = described("What it is, e.g. 'upper-tier local authority'.", default=None)
    within: LocalAreaId | None = described("The area it is part of (absent: part of the whole partnership).",
                                           default=None)


class Suppression(SuppressionRange, Record):
    """Which small numbers are never published: counts, n, and rates built on such counts."""

    profile: Literal["phof", "nhs-digital", "custom"] = described(
        "phof (1–5), nhs-digital (1–7), or custom (give 'low' and 'high').")
    low: int | None = described("Smallest suppressed number, for a custom profile.", default=None, ge=0)
    high: int | None = described("Largest suppressed number, for a custom profile.", default=None, ge=0)

    _range = model_validator(mode="after")(suppression_range)


class Statistics(Record):
    level: float = described("Confidence level of every interval the report shows (0.95 or 0.998).",
                             default=0.95, gt=0, lt=1)
    reliable_from: int = described("Fewest events a rate may rest on before it is marked unreliable.",
                                   default=20, ge=1)


class Intervention(Record):
    id: InterventionId = described("Intervention id, e.g. reset.")
    name: Text = described("Name of the funded intervention.")
    description: Text | None = described("What it does.", default=None)
    providers: list[OrganisationId] = described("Organisations that deliver it.")


class Footnote(Record):
    id: FootnoteId = described("Footnote id, cited in prose as [^id].")
    text: Text = described("Footnote text.")


class ViolenceDefinition(Record):
    includes: Paragraphs = described("Offence types the partnership counts as serious violence.")
    notes: Text | None = described("Exclusions and how the definition will change.", default=None)


class DutyAuthorities(Record):
    specified: Paragraphs = described("Specified authorities as the ToRs list them.")
    relevant: Paragraphs = described("Relevant authorities as the ToRs list them.")


class Point(Record):
    text: Text = described("The item.")
    points: Paragraphs = described("Points under it.", default=[])


#: A list item: a sentence, or a sentence with points under it.
Item = Annotated[Annotated[Text, Tag("text")] | Annotated[Point, Tag("point")], Discriminator(item_kind)]
#: A table cell: a sentence, or a list of items.
Cell = Annotated[Annotated[Text, Tag("text")] | Annotated[list[Item], Tag("items")],
                 Discriminator(cell_kind)]


class Bullets(Record):
    bullets: list[Item] = described("A bulleted list.", min_length=1)


class Table(Record):
    header: Paragraphs = described("Column headings, if the table has them.", default=[])
    rows: list[list[Cell]] = described("Rows of cells.", min_length=1)


class TableBlock(Record):
    table: Table = described("A table.")


#: What an `insert` may bring into the strategy from the data that holds it once.
INSERTS = {
    "serious_violence_definition": "the offence types of serious_violence_definition, then its notes",
    "vision": "the partnership's vision",
    "mission": "the partnership's mission",
    "objectives": "the strategic objectives, id and title",
    "vision_table": "a table of the vision (the strategy's own wording, `vision`) beside the objectives' statements",
    "interventions": "the funded interventions with their providers",
    "theory_of_change": "the Theory of Change table (toc.yaml), in the strategy's wording of its activities",
}


class Insert(Record):
    insert: Literal[tuple(INSERTS)] = described(  # type: ignore[valid-type]
        "What to insert: " + "; ".join(f"{name}: {what}" for name, what in INSERTS.items()) + ".")
    vision: Text | None = described("vision_table: the vision as the table words it.", default=None)


#: One piece of a section: a paragraph, a bulleted list, a table or an insert.
Block = Annotated[
    Annotated[Text, Tag("paragraph")] | Annotated[Bullets, Tag("bullets")]
    | Annotated[TableBlock, Tag("table")] | Annotated[Insert, Tag("insert")],
    Discriminator(block_kind),
]


class Section(Record):
    heading: Text = described("The section's heading.")
    objective: ObjectiveId | None = described("The strategic objective this section sets out.", default=None)
    to_be_completed: bool = described(
        "The draft has not written this section yet: a placeholder while draft; refused when published.",
        default=False)
    content: list[Block] = described("Paragraphs, bullets, tables and inserts, in order.", default=[])
    sections: list["Section"] = described("Sections under this one.", default=[])


class Strategy(Record):
    title: Text = described("Title of the response strategy, e.g. 'Response Strategy'.")
    title_lines: Paragraphs = described("Lines above the title (the partnership's names).", default=[])
    status: Literal["draft", "published"] = described(
        "draft (every page marked DRAFT) or published (no section may be to_be_completed).", default="draft")
    year: int | None = described("Year of the strategy.", default=None)
    sections: list[Section] = described("The strategy's sections, in order.")


class ChartRules(Record):
    """The lengths of the control-chart rules, one setting for every chart, table and summary."""

    shift: int = described("Points in a row on one side of the mean that make a shift (7).", default=7, ge=2)
    trend: int = described("Points in a row each rising (or falling) that make a trend (7).", default=7, ge=3)
    trial_below: int = described("A chart with fewer points than this has trial limits (13).", default=13, ge=2)


class DutyDate(Record):
    what: Text = described("What falls due, e.g. 'Response Strategy annual review'.")
    due: Date = described("Date it is due by.")


class Partnership(Record):
    id: PartnershipId = described("Partnership id, e.g. hips.")
    name: Text = described("Full name of the partnership.")
    short_name: Text = described("Short name, e.g. 'HIPS VRP'.")
    area: Text | None = described("The area the partnership covers.", default=None)
    vision: Text = described("The partnership's vision.")
    mission: Text = described("The partnership's mission.")
    financial_year_start_month: int = described("Month the financial year starts (4 = April).", default=4, ge=1, le=12)
    small_number_threshold: int = described("Values with n below this are suppressed in reports.", default=5, ge=0)
    returns_due_days: int = described("Days after a quarter ends by which its returns are due (vrptool due).",
                                      default=30, ge=0)
    duty_dates: list[DutyDate] = described(
        "The Duty's own dates: the strategy's annual review, the needs assessment's refresh (vrptool due).", default=[])
    spc: ChartRules = described("Control-chart rule lengths for the report.", default=ChartRules())
    suppression: Suppression | None = described(
        "Disclosure control of counts, n and rates (replaces small_number_threshold).", default=None)
    statistics: Statistics = described("Confidence level and reliability of intervals and rates.",
                                       default=Statistics())
    areas: list[LocalArea] = described("Local areas that returns may break values down by.", default=[])
    strategic_objectives: list[StrategicObjective] = described("Strategic objectives SO1, SO2, ...")
    serious_violence_definition: ViolenceDefinition | None = described("Local definition of serious violence.", default=None)
    duty_authorities: DutyAuthorities | None = described("Authorities under the Duty, as ToRs list them.", default=None)
    organisations: list[Organisation] = described("Organisations of the partnership.")
    interventions: list[Intervention] = described("Funded interventions.", default=[])
    footnotes: list[Footnote] = described("Footnotes cited from prose as [^id].", default=[])
    strategy: Strategy | None = described("The response strategy's text.", default=None)
    tor_wording: TorWording = described("The fixed sentences of every ToR, in the partnership's words.",
                                        default=TorWording())
