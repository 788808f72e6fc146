"""The plain context of the Response Strategy: its sections as blocks the templates only format.

A block is one of:
  {"kind": "paragraph", "text": segments}
  {"kind": "label", "text": segments}          a short bold line heading what follows (in tables)
  {"kind": "list", "items": [{"text": segments, "items": [...]}]}
  {"kind": "table", "header": [segments], "rows": [[cell]]}
where a cell is {"blocks": [...], "rows": n, "covered": False} (spanning n rows), or covered
(True: the row lies under a cell of an earlier row that spans it).

What the strategy inserts from elsewhere (the vision, the objectives, the interventions, the
Theory of Change) is built here from the one place the data holds it.
"""

from __future__ import annotations

from vrptool.dataset import CheckedDataSet
from vrptool.models.partnership import Bullets, Insert, Point, Section, Strategy, Table, TableBlock
from vrptool.render.prose import segments

#: What a section the draft has not written yet shows while the strategy is a draft.
PLACEHOLDER = "To be completed."
#: The Theory of Change table's columns, as every VRU's Theory of Change names them.
TOC_COLUMNS = ("Inputs", "Activities", "Outputs", "Outcomes (Medium-term)", "Impacts (Long-term)")
VISION_COLUMNS = ("Strategic Vision", "Strategic Objectives")


def paragraph(text: str) -> dict:
    return {"kind": "paragraph", "text": segments(text)}


def label(text: str) -> dict:
    return {"kind": "label", "text": segments(text)}


def bullets(items) -> dict:
    return {"kind": "list", "items": [_item(item) for item in items]}


def _item(item) -> dict:
    if isinstance(item, Point):
        return {"text": segments(item.text), "items": [_item(point) for point in item.points]}
    return {"text": segments(item), "items": []}


def cell(*blocks: dict, rows: int = 1) -> dict:
    return {"blocks": list(blocks), "rows": rows, "covered": False}


COVERED = {"blocks": [], "rows": 1, "covered": True}


def strategy_context(data: CheckedDataSet, strategy: Strategy) -> dict:
    partnership = data.partnership.model
    draft = strategy.status == "draft"
    when = ", ".join(part for part in ("Draft" if draft else "", str(strategy.year or "")) if part)
    return {
        "document_title": f"{partnership.short_name} {strategy.title}",
        "title_lines": list(strategy.title_lines) or [partnership.name],
        "title": strategy.title,
        "subtitle": when,
        "draft": draft,
        "placeholder": PLACEHOLDER,
        "sections": [_section(section, 2, data) for section in strategy.sections],
    }


def _section(section: Section, level: int, data: CheckedDataSet) -> dict:
    return {
        "heading": section.heading,
        "level": level,
        "placeholder": section.to_be_completed,
        "blocks": [block for content in section.content for block in _blocks(content, data)],
        "sections": [_section(sub, level + 1, data) for sub in section.sections],
    }


def _blocks(content, data: CheckedDataSet) -> list[dict]:
    if isinstance(content, Bullets):
        return [bullets(content.bullets)]
    if isinstance(content, TableBlock):
        return [_table(content.table)]
    if isinstance(content, Insert):
        return INSERTED[content.insert](content, data)
    return [paragraph(content)]


def _table(table: Table) -> dict:
    def one(value) -> dict:
        return cell(bullets(value)) if isinstance(value, list) else cell(label(value))
    return {"kind": "table", "header": [segments(text) for text in table.header],
            "rows": [[one(value) for value in row] for row in table.rows]}


def _definition(insert: Insert, data: CheckedDataSet) -> list[dict]:
    definition = data.partnership.model.serious_violence_definition
    if definition is None:
        return []
    return [bullets(definition.includes)] + ([paragraph(definition.notes)] if definition.notes else [])


def _objectives(insert: Insert, data: CheckedDataSet) -> list[dict]:
    return [bullets([f"{objective.id}: {objective.title}" for objective in data.partnership.model.strategic_objectives])]


def _vision_table(insert: Insert, data: CheckedDataSet) -> list[dict]:
    partnership = data.partnership.model
    statements = [objective.statement for objective in partnership.strategic_objectives]
    return [{"kind": "table", "header": [segments(column) for column in VISION_COLUMNS],
             "rows": [[cell(paragraph(insert.vision or partnership.vision)), cell(bullets(statements))]]}]


def _interventions(insert: Insert, data: CheckedDataSet) -> list[dict]:
    partnership = data.partnership.model
    names = {organisation.id: organisation.name for organisation in partnership.organisations}
    lines = []
    for intervention in partnership.interventions:
        what = f": {intervention.description.rstrip('.')}" if intervention.description else ""
        providers = " & ".join(names[provider] for provider in intervention.providers)
        lines.append(f"{intervention.name}{what}, delivered by {providers}" if providers else f"{intervention.name}{what}")
    return [bullets(lines)] if lines else []


def _theory_of_change(insert: Insert, data: CheckedDataSet) -> list[dict]:
    """One row per strand; the inputs and the impacts, which serve every strand, span them all."""
    toc = data.toc.model
    strands = toc.strands
    if not strands:
        return []
    inputs = [block for group in toc.inputs for block in (label(group.title), bullets(group.items))]
    impacts = [bullets(toc.impacts)] if toc.impacts else []
    rows = []
    for index, strand in enumerate(strands):
        activities = [f"{activity.strategy_text or activity.text} ({activity.id})" for activity in strand.activities]
        row = [cell(*inputs, rows=len(strands)) if index == 0 else COVERED,
               cell(label(f"{strand.id}. {strand.title}"), bullets(activities)),
               cell(bullets(strand.outputs)) if strand.outputs else cell(),
               cell(bullets(strand.outcomes)) if strand.outcomes else cell(),
               cell(*impacts, rows=len(strands)) if index == 0 else COVERED]
        rows.append(row)
    return [{"kind": "table", "header": [segments(column) for column in TOC_COLUMNS], "rows": rows}]


INSERTED = {
    "serious_violence_definition": _definition,
    "vision": lambda insert, data: [paragraph(data.partnership.model.vision)],
    "mission": lambda insert, data: [paragraph(data.partnership.model.mission)],
    "objectives": _objectives,
    "vision_table": _vision_table,
    "interventions": _interventions,
    "theory_of_change": _theory_of_change,
}
