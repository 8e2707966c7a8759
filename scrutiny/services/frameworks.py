"""Frameworks as data: import a question set from YAML or a spreadsheet, export it again, and
load the ones the portal ships with (scrutiny/frameworks/).

A framework version never changes once loaded, because assessments keep the wording they were
made against: new wording is a new version (same slug, higher version number). An import is all
or nothing, and a file with faults raises FrameworkFileError listing every fault found, each
saying where it is ("Line 14: section 3 has no questions").

The YAML format (scrutiny/frameworks/six-step-checklist.yaml is a worked example):

    slug: six-step-checklist   # lower-case letters, digits and hyphens; the same in every version
    version: 1                 # a whole number; raise it to load changed wording
    name: Six steps for independent scrutiny
    purpose: checklist         # checklist, section_11 or audit
    description: |             # optional
      Free text, shown above the questions.
    scale:
      name: RAG                # scales are shared by name: one name, one set of levels
      levels:                  # at least two
        - code: green          # lower-case letters, digits, hyphens or underscores
          label: Green
          definition: Can be answered positively, with evidence to show it.
          colour: green        # a GOV.UK tag colour: green, yellow, orange, red, blue or grey
          position: 1          # 1 is the best level
    sections:                  # at least one, shown in this order
      - number: "1"
        title: Partnership leadership
        guidance: Optional text about the whole section.
        questions:             # at least one in every section
          - number: "1.1"      # unique in the whole framework, not just in its section
            text: The question, or key line of enquiry.
            guidance: Optional: what evidence answers it.

Numbers are read as written, so 2.10 stays "2.10" (quote them anyway: it is clearer).

The spreadsheet format (XLSX) has three sheets, each with its column names in row 1 (any case,
any order):

    framework  columns: key, value. One row per key: slug, version, name, purpose, description
               (optional) and scale (the scale's name).
    scale      columns: code, label, definition, colour, position. One row per level.
    questions  columns: section number, section title, section guidance (optional), question
               number, question text, question guidance (optional). One row per question, in the
               order they are shown. The section's title and guidance come from its first row;
               later rows may repeat them or leave them blank. A row with a section but no
               question only introduces the section.

Blank rows are skipped. Format number columns as text if a number like 2.10 matters: Excel
stores 2.10 as the number 2.1.
"""

import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import yaml
from django.db import IntegrityError, transaction
from openpyxl.styles import Alignment, Font

from ..models import (
    Framework,
    FrameworkPurpose,
    Question,
    RatingLevel,
    RatingScale,
    Section,
    TagColour,
)

SHIPPED = Path(__file__).resolve().parent.parent / "frameworks"

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CODE = re.compile(r"^[a-z0-9_-]+$")
WHOLE_NUMBER = re.compile(r"^[0-9]+$")

FRAMEWORK_KEYS = ("slug", "version", "name", "purpose", "description", "scale", "sections")
SCALE_KEYS = ("name", "levels")
LEVEL_KEYS = ("code", "label", "definition", "colour", "position")
SECTION_KEYS = ("number", "title", "guidance", "questions")
QUESTION_KEYS = ("number", "text", "guidance")

SHEETS = ("framework", "scale", "questions")
SHEET_COLUMNS = {
    "framework": {"key": True, "value": True},
    "scale": dict.fromkeys(LEVEL_KEYS, True),
    "questions": {
        "section number": True,
        "section title": True,
        "section guidance": False,
        "question number": True,
        "question text": True,
        "question guidance": False,
    },
}

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YAML_CONTENT_TYPE = "application/yaml"


_PLACE = re.compile(r"^(?:Line (\d+)|Sheet (\w+)(?:, row (\d+))?)")


def _in_file_order(problem: str) -> tuple[int, int]:
    found = _PLACE.match(problem)
    if found is None:
        return (0, 0)
    line, sheet, row = found.groups()
    if line:
        return (0, int(line))
    return (1 + SHEETS.index(sheet) if sheet in SHEETS else 0, int(row or 0))


class FrameworkFileError(Exception):
    """The file cannot be imported; `problems` lists every fault found, each saying where,
    in the order they appear in the file."""

    def __init__(self, problems: list[str]):
        self.problems = sorted(problems, key=_in_file_order)
        super().__init__("\n".join(self.problems))


# What a file says, wherever it came from


class _Mapping(dict):
    """A mapping read from a file that remembers where it is (`where`, e.g. "Line 14" or
    "Sheet scale, row 4"), where each value is (`places`), each scalar as written (`texts`:
    YAML would read 2.10 as the number 2.1 and "yes" as True), and any key given twice."""

    def __init__(self, where: str):
        super().__init__()
        self.where = where
        self.places: dict[str, str] = {}
        self.texts: dict[str, str] = {}
        self.duplicates: list[tuple[str, str]] = []

    def put(self, key: str, value, *, place: str, text: str | None = None) -> None:
        if key in self:
            self.duplicates.append((key, place))
        self[key] = value
        self.places[key] = place
        if text is not None:
            self.texts[key] = text


class _Sequence(list):
    def __init__(self, items, where: str):
        super().__init__(items)
        self.where = where


# Reading YAML


def _line(node) -> str:
    return f"Line {node.start_mark.line + 1}"


class _Loader(yaml.SafeLoader):
    """Safe YAML that keeps the line of everything it reads, and refuses aliases: a few lines
    of nested aliases expand to gigabytes, and a framework file never needs them."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None,
                None,
                "aliases (*name) are not allowed in a framework file",
                self.peek_event().start_mark,
            )
        return super().compose_node(parent, index)


def _construct_mapping(loader, node):
    mapping = _Mapping(_line(node))
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            key = key_node.value
        else:
            key = str(loader.construct_object(key_node, deep=True))
        value = loader.construct_object(value_node, deep=True)
        if isinstance(value, _Mapping | _Sequence):
            # "Line 7: the scale has no levels" should point at `scale:`, not its first child.
            value.where = _line(key_node)
        text = value_node.value if isinstance(value_node, yaml.ScalarNode) else None
        mapping.put(key, value, place=_line(key_node), text=text)
    return mapping


def _construct_sequence(loader, node):
    return _Sequence((loader.construct_object(item, deep=True) for item in node.value), _line(node))


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def _read_yaml(text: str):
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 (_Loader is a SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise FrameworkFileError(
            [f"Not valid YAML: {error.problem or error.context}{where}"]
        ) from error
    except yaml.YAMLError as error:
        raise FrameworkFileError([f"Not valid YAML: {error}"]) from error


# Reading a spreadsheet


def _cell_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _column_name(value) -> str:
    return " ".join(str(value or "").replace("_", " ").lower().split())


def _read_xlsx(content: bytes) -> tuple[_Mapping, list[str]]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:
        # A damaged or renamed file fails in many ways (bad zip, missing parts, bad XML).
        raise FrameworkFileError(
            [
                "The file could not be read as an Excel (XLSX) workbook: save it as .xlsx and try again"
            ]
        ) from error
    try:
        sheets = {name.strip().lower(): workbook[name] for name in workbook.sheetnames}
        missing = [name for name in SHEETS if name not in sheets]
        if missing:
            raise FrameworkFileError(
                [f"The workbook has no sheet called “{name}”" for name in missing]
            )
        tables, problems = {}, []
        for name in SHEETS:
            table, faults = _read_sheet(name, sheets[name])
            tables[name] = table
            problems += faults
        if problems:
            raise FrameworkFileError(problems)
    finally:
        workbook.close()
    return _workbook_as_framework(tables)


def _read_sheet(name: str, sheet) -> tuple[list[tuple[int, dict]], list[str]]:
    """The sheet's non-blank rows as (row number, {column: text}), or the missing columns."""
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    columns = {_column_name(value): index for index, value in enumerate(header) if value}
    missing = [c for c, required in SHEET_COLUMNS[name].items() if required and c not in columns]
    if missing:
        return [], [f"Sheet {name}, row 1: there is no “{column}” column" for column in missing]
    table = []
    for number, values in enumerate(rows, start=2):
        cells = {
            column: _cell_text(values[index]) if index < len(values) else None
            for column, index in columns.items()
            if column in SHEET_COLUMNS[name]
        }
        if any(cells.values()):
            table.append((number, cells))
    return table, []


def _workbook_as_framework(tables: dict) -> tuple[_Mapping, list[str]]:
    """The three sheets, arranged as the YAML file would be, each value remembering its cell,
    and the faults only a spreadsheet can have (a section titled two ways)."""
    framework = _Mapping("Sheet framework")
    scale = _Mapping("Sheet framework")
    problems = []
    for number, cells in tables["framework"]:
        key = _column_name(cells["key"])
        place = f"Sheet framework, row {number}"
        if not key:
            problems.append(f"{place}: the row has a value but no key")
            continue
        if key == "scale":
            scale.put("name", cells["value"], place=place, text=cells["value"])
        else:
            framework.put(key, cells["value"], place=place, text=cells["value"])

    levels = []
    for number, cells in tables["scale"]:
        level = _Mapping(f"Sheet scale, row {number}")
        for key in LEVEL_KEYS:
            level.put(
                key, cells[key], place=f"Sheet scale, row {number}, column {key}", text=cells[key]
            )
        levels.append(level)
    scale.put("levels", _Sequence(levels, "Sheet scale"), place="Sheet scale")
    framework.put("scale", scale, place="Sheet framework")

    sections: dict[str, _Mapping] = {}
    for number, cells in tables["questions"]:
        row = f"Sheet questions, row {number}"
        section_number = cells["section number"]
        if section_number is None:
            problems.append(f"{row}: the row has no section number")
            continue
        section = sections.get(section_number)
        if section is None:
            section = sections[section_number] = _Mapping(row)
            section.put("number", section_number, place=row, text=section_number)
            section.put("questions", _Sequence([], row), place=row)
        for part in ("title", "guidance"):
            given = cells.get(f"section {part}")
            if given is None:
                continue
            if part not in section:
                section.put(part, given, place=f"{row}, column section {part}", text=given)
            elif section[part] != given:
                first = section.places[part].removeprefix("Sheet questions, ").split(",")[0]
                problems.append(
                    f"{row}, column section {part}: section {section_number} has a different "
                    f"{part} on {first}"
                )
        question_cells = {key: cells.get(f"question {key}") for key in QUESTION_KEYS}
        if any(question_cells.values()):
            question = _Mapping(row)
            for key, value in question_cells.items():
                question.put(key, value, place=f"{row}, column question {key}", text=value)
            section["questions"].append(question)
    framework.put(
        "sections", _Sequence(sections.values(), "Sheet questions"), place="Sheet questions"
    )
    return framework, problems


# Checking what the file says


@dataclass(frozen=True)
class LevelSpec:
    code: str
    label: str
    definition: str
    colour: str
    position: int


@dataclass(frozen=True)
class QuestionSpec:
    number: str
    text: str
    guidance: str


@dataclass(frozen=True)
class SectionSpec:
    number: str
    title: str
    guidance: str
    questions: tuple[QuestionSpec, ...]


@dataclass(frozen=True)
class FrameworkSpec:
    slug: str
    version: int
    name: str
    purpose: str
    description: str
    scale_name: str
    levels: tuple[LevelSpec, ...]
    sections: tuple[SectionSpec, ...]


def _choices(values) -> str:
    values = list(values)
    return ", ".join(values[:-1]) + " or " + values[-1]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


class _Checker:
    """Reads the parts of a framework file, collecting every fault rather than stopping at
    the first, so one corrected upload can succeed."""

    def __init__(self):
        self.problems: list[str] = []

    def fault(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def keys(self, mapping: _Mapping, allowed: tuple[str, ...], owner: str) -> None:
        for key, place in mapping.duplicates:
            self.fault(place, f"{key} is given twice for {owner}")
        for key in mapping:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f": did you mean {close[0]}?" if close else f" (use {_choices(allowed)})"
                self.fault(mapping.places[key], f"{owner} has an unknown key “{key}”{hint}")

    def text(
        self, mapping: _Mapping, key: str, owner: str, *, max_length=None, required=True
    ) -> str:
        value = mapping.get(key)
        if isinstance(value, dict | list):
            self.fault(mapping.places[key], f"the {key} of {owner} must be text")
            return ""
        text = "" if value is None else mapping.texts.get(key, str(value)).strip()
        if not text:
            if required:
                self.fault(mapping.places.get(key, mapping.where), f"{owner} has no {key}")
            return ""
        if max_length and len(text) > max_length:
            self.fault(
                mapping.places[key],
                f"the {key} of {owner} must be {max_length} characters or fewer",
            )
        return text

    def whole_number(self, mapping: _Mapping, key: str, owner: str) -> int | None:
        text = self.text(mapping, key, owner)
        if not text:
            return None
        if not WHOLE_NUMBER.match(text) or int(text) < 1:
            self.fault(
                mapping.places[key],
                f"the {key} of {owner} must be a whole number from 1, such as 1, not “{text}”",
            )
            return None
        return int(text)

    def mapping(self, parent: _Mapping, key: str, owner: str) -> _Mapping | None:
        value = parent.get(key)
        if value is None:
            self.fault(parent.places.get(key, parent.where), f"{owner} has no {key}")
            return None
        if not isinstance(value, _Mapping):
            self.fault(parent.places[key], f"the {key} of {owner} must be a mapping of keys")
            return None
        return value

    def sequence(self, parent: _Mapping, key: str, owner: str, *, noun: str) -> list:
        value = parent.get(key)
        if value is None or (isinstance(value, list) and not value):
            self.fault(parent.places.get(key, parent.where), f"{owner} has no {noun}")
            return []
        if not isinstance(value, _Sequence):
            self.fault(parent.places[key], f"the {key} of {owner} must be a list")
            return []
        items = []
        for item in value:
            if isinstance(item, _Mapping):
                items.append(item)
            else:
                self.fault(value.where, f"each of the {key} of {owner} must be a mapping of keys")
        return items

    def framework(self, data) -> FrameworkSpec | None:
        if not isinstance(data, _Mapping):
            where = getattr(data, "where", "Line 1")
            self.fault(where, "the file must be a mapping of keys: slug, version, name, …")
            return None
        owner = "the framework"
        self.keys(data, FRAMEWORK_KEYS, owner)
        slug = self.text(data, "slug", owner, max_length=60)
        if slug and not SLUG.match(slug):
            self.fault(
                data.places["slug"],
                "the slug must be lower-case letters, digits and single hyphens, such as "
                f"six-step-checklist, not “{slug}”",
            )
        version = self.whole_number(data, "version", owner)
        name = self.text(data, "name", owner, max_length=200)
        purpose = self.text(data, "purpose", owner)
        if purpose and purpose not in FrameworkPurpose.values:
            self.fault(
                data.places["purpose"],
                f"purpose must be one of {', '.join(FrameworkPurpose.values)}, not “{purpose}”",
            )
        description = self.text(data, "description", owner, required=False)
        scale_name, levels = self.scale(self.mapping(data, "scale", owner))
        sections = self.sections(self.sequence(data, "sections", owner, noun="sections"))
        if self.problems:
            return None
        return FrameworkSpec(
            slug, version, name, purpose, description, scale_name, levels, sections
        )

    def scale(self, scale: _Mapping | None) -> tuple[str, tuple[LevelSpec, ...]]:
        if scale is None:
            return "", ()
        self.keys(scale, SCALE_KEYS, "the scale")
        name = self.text(scale, "name", "the scale", max_length=100)
        levels = []
        codes, positions = {}, {}
        items = self.sequence(scale, "levels", "the scale", noun="levels")
        if len(items) == 1:
            self.fault(scale.places["levels"], "the scale needs at least two levels")
        for item in items:
            code = self.text(item, "code", "a scale level", max_length=30)
            owner = f"scale level “{code}”" if code else "a scale level"
            if code and not CODE.match(code):
                self.fault(
                    item.places["code"],
                    f"the code of {owner} must be lower-case letters, digits, hyphens or "
                    "underscores",
                )
            self.keys(item, LEVEL_KEYS, owner)
            label = self.text(item, "label", owner, max_length=50)
            definition = self.text(item, "definition", owner)
            colour = self.text(item, "colour", owner)
            if colour and colour not in TagColour.values:
                self.fault(
                    item.places["colour"],
                    f"{owner} has an unknown colour “{colour}”: use {_choices(TagColour.values)}",
                )
            position = self.whole_number(item, "position", owner)
            for seen, value, what in ((codes, code, "code"), (positions, position, "position")):
                if value in seen:
                    shown = f"“{value}”" if what == "code" else value
                    self.fault(
                        item.places[what],
                        f"scale level {what} {shown} is used twice "
                        f"(first at {_lower_first(seen[value])})",
                    )
                elif value:
                    seen[value] = item.places[what]
            levels.append(LevelSpec(code, label, definition, colour, position))
        return name, tuple(sorted(levels, key=lambda level: level.position or 0))

    def sections(self, items: list[_Mapping]) -> tuple[SectionSpec, ...]:
        sections = []
        section_numbers, question_numbers = {}, {}
        for item in items:
            number = self.text(item, "number", "a section", max_length=10)
            owner = f"section {number}" if number else "a section"
            if number in section_numbers:
                self.fault(
                    item.places["number"],
                    f"section number {number} is used twice "
                    f"(first at {_lower_first(section_numbers[number])})",
                )
            elif number:
                section_numbers[number] = item.places["number"]
            self.keys(item, SECTION_KEYS, owner)
            title = self.text(item, "title", owner, max_length=300)
            guidance = self.text(item, "guidance", owner, required=False)
            questions = []
            for entry in self.sequence(item, "questions", owner, noun="questions"):
                text_owner = f"a question in {owner}"
                q_number = self.text(entry, "number", text_owner, max_length=10)
                q_owner = f"question {q_number}" if q_number else text_owner
                # Numbers are unique across the framework, not just the section: a new
                # assessment carries evidence forward from the last one by question number.
                if q_number in question_numbers:
                    self.fault(
                        entry.places["number"],
                        f"question number {q_number} is used twice "
                        f"(first at {_lower_first(question_numbers[q_number])})",
                    )
                elif q_number:
                    question_numbers[q_number] = entry.places["number"]
                self.keys(entry, QUESTION_KEYS, q_owner)
                questions.append(
                    QuestionSpec(
                        q_number,
                        self.text(entry, "text", q_owner),
                        self.text(entry, "guidance", q_owner, required=False),
                    )
                )
            sections.append(SectionSpec(number, title, guidance, tuple(questions)))
        return tuple(sections)


def _level_differences(scale: RatingScale, levels: tuple[LevelSpec, ...]) -> list[str]:
    loaded = {
        level.code: LevelSpec(
            level.code, level.label, level.definition, level.colour, level.position
        )
        for level in scale.levels.all()
    }
    given = {level.code: level for level in levels}
    differences = [f"it has no level “{code}”" for code in given if code not in loaded]
    differences += [f"it also has a level “{code}”" for code in loaded if code not in given]
    for code, level in given.items():
        if code in loaded and loaded[code] != level:
            fields = [
                field
                for field in ("label", "definition", "colour", "position")
                if getattr(loaded[code], field) != getattr(level, field)
            ]
            differences.append(f"level “{code}” has a different {' and '.join(fields)}")
    return differences


def _is_loaded(slug: str, version: int) -> bool:
    return Framework.objects.filter(slug=slug, version=version).exists()


def _already_loaded(slug: str, version: int) -> str:
    return f"version {version} of {slug} is already loaded: raise the version number"


def _framework_import(data, problems: list[str] | None = None) -> Framework:
    checker = _Checker()
    checker.problems += problems or []
    spec = checker.framework(data)
    if spec is None:
        raise FrameworkFileError(checker.problems)
    problems = []
    if _is_loaded(spec.slug, spec.version):
        problems.append(f"{data.places['version']}: {_already_loaded(spec.slug, spec.version)}")
    scale = RatingScale.objects.filter(name=spec.scale_name).first()
    if scale is not None:
        differences = _level_differences(scale, spec.levels)
        if differences:
            problems.append(
                f"{data['scale'].places['name']}: a scale called “{spec.scale_name}” is already "
                f"loaded with different levels ({'; '.join(differences)}): give this scale "
                "another name, or use the loaded levels"
            )
    if problems:
        raise FrameworkFileError(problems)
    try:
        # A savepoint, so that losing a race with an identical import is reported like any
        # other fault instead of breaking the caller's transaction.
        with transaction.atomic():
            return _framework_create(spec, scale)
    except IntegrityError as error:
        raise FrameworkFileError([_already_loaded(spec.slug, spec.version)]) from error


def _framework_create(spec: FrameworkSpec, scale: RatingScale | None) -> Framework:
    if scale is None:
        scale = RatingScale.objects.create(name=spec.scale_name)
        RatingLevel.objects.bulk_create(
            RatingLevel(
                scale=scale,
                code=level.code,
                label=level.label,
                definition=level.definition,
                colour=level.colour,
                position=level.position,
            )
            for level in spec.levels
        )
    framework = Framework.objects.create(
        slug=spec.slug,
        version=spec.version,
        name=spec.name,
        purpose=spec.purpose,
        description=spec.description,
        scale=scale,
    )
    sections = Section.objects.bulk_create(
        Section(
            framework=framework,
            number=section.number,
            title=section.title,
            guidance=section.guidance,
            position=position,
        )
        for position, section in enumerate(spec.sections, start=1)
    )
    Question.objects.bulk_create(
        Question(
            section=section,
            number=question.number,
            text=question.text,
            guidance=question.guidance,
            position=position,
        )
        for section, section_spec in zip(sections, spec.sections, strict=True)
        for position, question in enumerate(section_spec.questions, start=1)
    )
    return framework


@transaction.atomic
def framework_import_yaml(*, text: str) -> Framework:
    """Load a framework version from YAML, all or nothing; raises FrameworkFileError."""
    data = _read_yaml(text)
    if data is None:
        raise FrameworkFileError(
            ["The file is empty: it must give a slug, version, name, purpose, scale and sections"]
        )
    return _framework_import(data)


@transaction.atomic
def framework_import_xlsx(*, content: bytes) -> Framework:
    """Load a framework version from a spreadsheet, all or nothing; raises FrameworkFileError."""
    return _framework_import(*_read_xlsx(content))


@transaction.atomic
def framework_load_shipped() -> list[Framework]:
    """The frameworks the portal ships with (scrutiny/frameworks/*.yaml), loading each whose
    slug and version are not loaded yet. Safe to run again: it loads nothing twice."""
    frameworks = []
    for path in sorted(SHIPPED.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        head = yaml.safe_load(text)
        loaded = Framework.objects.filter(slug=head["slug"], version=head["version"]).first()
        frameworks.append(loaded or framework_import_yaml(text=text))
    return frameworks


# Exporting


def _framework_data(framework: Framework) -> dict:
    return {
        "slug": framework.slug,
        "version": framework.version,
        "name": framework.name,
        "purpose": framework.purpose,
        "description": framework.description,
        "scale": {
            "name": framework.scale.name,
            "levels": [
                {
                    "code": level.code,
                    "label": level.label,
                    "definition": level.definition,
                    "colour": level.colour,
                    "position": level.position,
                }
                for level in framework.scale.levels.all()
            ],
        },
        "sections": [
            {
                "number": section.number,
                "title": section.title,
                "guidance": section.guidance,
                "questions": [
                    {"number": q.number, "text": q.text, "guidance": q.guidance}
                    for q in section.questions.all()
                ],
            }
            for section in framework.sections.prefetch_related("questions")
        ],
    }


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key, and text with line breaks as a literal block, so the
    file reads like the shipped ones and can be edited by hand."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _represent_text(dumper, text):
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def framework_export_yaml(framework: Framework) -> str:
    """The framework in the format framework_import_yaml reads; raise the version number to
    load changed wording."""
    data = _framework_data(framework)
    for section in data["sections"]:
        if not section["guidance"]:
            del section["guidance"]
        for question in section["questions"]:
            if not question["guidance"]:
                del question["guidance"]
    if not data["description"]:
        del data["description"]
    heading = (
        f"# {framework.name}, version {framework.version}, exported from the portal.\n"
        "# To load changed wording, edit it and raise the version number.\n"
    )
    return heading + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88)


def _sheet(workbook, title: str, header: list[str], rows: list[list], widths: list[int]):
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for column, width in zip("ABCDEF", widths, strict=False):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.data_type == "f":
                # Text that starts with "=" is wording, never a formula to run.
                cell.data_type = "s"
            # Shown as text, so a number someone types in later keeps its form (2.10).
            cell.number_format = "@"
    return sheet


def framework_export_xlsx(framework: Framework) -> bytes:
    """The framework in the spreadsheet format framework_import_xlsx reads. Numbers are
    written as text, so 2.10 stays 2.10."""
    data = _framework_data(framework)
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    _sheet(
        workbook,
        "framework",
        ["key", "value"],
        [
            ["slug", data["slug"]],
            ["version", data["version"]],
            ["name", data["name"]],
            ["purpose", data["purpose"]],
            ["description", data["description"]],
            ["scale", data["scale"]["name"]],
        ],
        [15, 80],
    )
    _sheet(
        workbook,
        "scale",
        list(LEVEL_KEYS),
        [[level[key] for key in LEVEL_KEYS] for level in data["scale"]["levels"]],
        [12, 15, 60, 10, 10],
    )
    _sheet(
        workbook,
        "questions",
        list(SHEET_COLUMNS["questions"]),
        [
            [
                section["number"],
                section["title"],
                section["guidance"],
                question["number"],
                question["text"],
                question["guidance"],
            ]
            for section in data["sections"]
            for question in section["questions"]
        ],
        [10, 30, 40, 10, 60, 60],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
