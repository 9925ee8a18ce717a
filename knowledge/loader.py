"""Load and validate the YAML files in ``knowledge/data``.

Every problem is reported with the file, the entry (its id, or its position)
and the field, and all problems are collected before raising, so a maintainer
fixing a typo sees everything that is wrong in one run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, Field, ValidationError, conint

from knowledge.fields import Identifier
from knowledge.models import (
    Brochure,
    EligibilityRules,
    Fact,
    KnowledgeModel,
    NonImplementingPrefecture,
    Organization,
    PriorityPeriods,
    Program,
    Source,
)
from knowledge.prefectures import AREAS
from knowledge.text import normalize
from knowledge.wording import Era, Wording, template_problems

DATA_DIR = Path(__file__).resolve().parent / "data"
PROGRAMS_FILE = "programs.yml"
ORGANIZATIONS_FILE = "organizations.yml"
FACTS_FILE = "facts.yml"
SOURCES_FILE = "sources.yml"
WORDING_FILE = "wording.yml"
ELIGIBILITY_FILE = "eligibility.yml"
PRIORITY_FILE = "priority.yml"

# A date written out in Japanese inside a free-text field: 2025年10月31日.
_WRITTEN_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")

_WHOLE_FILE = "(file)"
_WHOLE_ENTRY = "(entry)"

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class Problem:
    """One validation problem, located by file, entry and field."""

    file: str
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: entry {self.entry}: field '{self.field}': {self.message}"


class KnowledgeError(Exception):
    """Raised when the data does not validate; lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{len(problems)} problem(s) in the knowledge base:\n{lines}")


@dataclass(frozen=True)
class KnowledgeData:
    """The validated content of one data directory."""

    data_dir: Path
    programs: list[Program]
    organizations: list[Organization]
    non_implementing: list[NonImplementingPrefecture]
    facts: list[Fact]
    sources: list[Source] = field(default_factory=list)
    wording: Wording | None = None
    eligibility: EligibilityRules | None = None
    priority: PriorityPeriods | None = None
    free_desks: list[str] = field(default_factory=list)
    brochure: Brochure | None = None


class _EraModel(KnowledgeModel):
    name: str
    first_year: conint(strict=True, ge=1868, le=2100)


class _WordingFile(KnowledgeModel):
    """wording.yml apart from its templates, which ``template_problems`` checks."""

    era: _EraModel
    fiscal_year_start_month: conint(strict=True, ge=1, le=12)
    brevity_markers: list[str] = Field(min_items=1)
    templates: dict[str, str]


class _FreeDesks(KnowledgeModel):
    free_desks: list[Identifier] = Field(min_items=1)


class _LineDict(dict):
    """A mapping that remembers the YAML line it starts on."""

    line: int = 0


class _Loader(yaml.SafeLoader):
    """SafeLoader whose mappings carry their line number."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Iterator[_LineDict]:
    data = _LineDict()
    data.line = node.start_mark.line + 1
    yield data
    data.update(loader.construct_mapping(node))


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> object:
    """Report impossible dates (2026-02-30) with their line, like syntax errors."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError as error:
        raise yaml.constructor.ConstructorError(
            None, None, f"invalid date {node.value!r} ({error})", node.start_mark
        ) from error


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


@dataclass
class _Collector:
    """Accumulates problems while the files are read."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, file: str, entry: str, field_name: str, message: str) -> None:
        self.problems.append(Problem(file, entry, field_name, message))


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _entry_label(raw: Any, index: int, key: str) -> str:
    name = raw.get(key) if isinstance(raw, dict) else None
    label = f"'{name}'" if isinstance(name, str) and name else f"#{index + 1}"
    line = getattr(raw, "line", 0)
    return f"{label} (line {line})" if line else label


def _field_label(loc: Iterable[Any]) -> str:
    parts: list[str] = []
    for item in loc:
        if item == "__root__":
            continue
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(f".{item}" if parts else str(item))
    return "".join(parts) or _WHOLE_ENTRY


def _read_yaml(path: Path, collector: _Collector) -> dict | None:
    shown = _display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        collector.add(shown, _WHOLE_FILE, "-", f"cannot read file: {error}")
        return None
    try:
        document = yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        collector.add(shown, _WHOLE_FILE, "-", f"YAML error{where}: {problem}")
        return None
    if not isinstance(document, dict):
        collector.add(shown, _WHOLE_FILE, "-", "the file must be a mapping of sections")
        return None
    return document


def _parse_section(
    document: dict,
    path: Path,
    section: str,
    model: type[ModelT],
    collector: _Collector,
    *,
    label_key: str = "id",
    required: bool = True,
) -> list[ModelT]:
    """Validate each entry of one list section, applying the file's defaults."""
    shown = _display(path)
    entries = document.get(section)
    if entries is None:
        if required:
            collector.add(shown, _WHOLE_FILE, section, "section is missing")
        return []
    if not isinstance(entries, list):
        collector.add(shown, _WHOLE_FILE, section, "section must be a list")
        return []
    defaults = document.get("defaults") or {}
    parsed: list[ModelT] = []
    for index, raw in enumerate(entries):
        entry = _entry_label(raw, index, label_key)
        if not isinstance(raw, dict):
            collector.add(shown, entry, _WHOLE_ENTRY, "entry must be a mapping")
            continue
        try:
            parsed.append(model.parse_obj({**defaults, **raw}))
        except ValidationError as error:
            for item in error.errors():
                collector.add(shown, entry, _field_label(item["loc"]), item["msg"])
    return parsed


def _check_top_level(document: dict, path: Path, allowed: set[str], collector: _Collector) -> None:
    for key in document:
        if key not in allowed:
            collector.add(
                _display(path),
                _WHOLE_FILE,
                str(key),
                f"unknown section; expected one of {sorted(allowed)}",
            )


def _check_unique_ids(
    items: list[Any], path: Path, collector: _Collector, attribute: str = "id"
) -> None:
    seen: set[str] = set()
    for item in items:
        value = getattr(item, attribute)
        if value in seen:
            collector.add(_display(path), f"'{value}'", attribute, "duplicate")
        seen.add(value)


def _check_program_names(programs: list[Program], path: Path, collector: _Collector) -> None:
    """Ids, names and aliases must point to exactly one program."""
    owners: dict[str, str] = {}
    for program in programs:
        names = [("id", program.id), ("name", program.name)]
        names += [(f"aliases[{i}]", alias) for i, alias in enumerate(program.aliases)]
        for field_name, name in names:
            key = normalize(name)
            owner = owners.setdefault(key, program.id)
            if owner != program.id:
                collector.add(
                    _display(path),
                    f"'{program.id}'",
                    field_name,
                    f"{name!r} already names program '{owner}'",
                )


def _check_references(data: KnowledgeData, data_dir: Path, collector: _Collector) -> None:
    program_ids = {program.id for program in data.programs}

    def check(path: Path, entry: str, field_name: str, ids: list[str]) -> None:
        for index, program_id in enumerate(ids):
            if program_id not in program_ids:
                collector.add(
                    _display(path),
                    entry,
                    f"{field_name}[{index}]",
                    f"unknown program id {program_id!r}",
                )

    for program in data.programs:
        check(data_dir / PROGRAMS_FILE, f"'{program.id}'", "related", program.related)
    for gap in data.non_implementing:
        check(
            data_dir / ORGANIZATIONS_FILE,
            f"'{gap.prefecture}'",
            "alternatives",
            gap.alternatives,
        )
    for fact in data.facts:
        check(data_dir / FACTS_FILE, f"'{fact.id}'", "programs", fact.programs)


def _check_coverage(data: KnowledgeData, data_dir: Path, collector: _Collector) -> None:
    """Each prefecture (and 千葉市) has one organization or not_implemented entry."""
    shown = _display(data_dir / ORGANIZATIONS_FILE)
    covered: dict[str, str] = {}
    entries = [(org.prefecture, f"'{org.id}'") for org in data.organizations]
    entries += [(gap.prefecture, f"'{gap.prefecture}'") for gap in data.non_implementing]
    for area, entry in entries:
        if area in covered:
            collector.add(
                shown,
                entry,
                "prefecture",
                f"{area} is already covered by {covered[area]}",
            )
        covered.setdefault(area, entry)
    for area in AREAS:
        if area not in covered:
            collector.add(
                shown,
                "(missing)",
                "prefecture",
                f"{area} has neither an organization nor a not_implemented entry",
            )


def _check_sources(data: KnowledgeData, data_dir: Path, collector: _Collector) -> None:
    """A source is a URL, a registered source id, or a brochure section heading."""
    registered = {source.id for source in data.sources}
    _check_unique_ids(data.sources, data_dir / SOURCES_FILE, collector)
    cited: list[tuple[str, str, str, str]] = []
    for program in data.programs:
        cited.append((PROGRAMS_FILE, f"'{program.id}'", "source", program.source))
        for index, entry in enumerate(program.rounds):
            cited.append(
                (PROGRAMS_FILE, f"'{program.id}'", f"rounds[{index}].source", entry.source)
            )
    for org in data.organizations:
        cited.append((ORGANIZATIONS_FILE, f"'{org.id}'", "source", org.source))
    for gap in data.non_implementing:
        cited.append((ORGANIZATIONS_FILE, f"'{gap.prefecture}'", "source", gap.source))
    for fact in data.facts:
        cited.append((FACTS_FILE, f"'{fact.id}'", "source", fact.source))
    if data.eligibility is not None:
        for index, requirement in enumerate(data.eligibility.requirements):
            where = f"requirements[{index}].source"
            cited.append((ELIGIBILITY_FILE, f"'{requirement.answer}'", where, requirement.source))
    for file, entry, field_name, source in cited:
        looks_like_id = re.fullmatch(r"[a-z][a-z0-9_]*", source) is not None
        if looks_like_id and source not in registered:
            collector.add(
                _display(data_dir / file),
                entry,
                field_name,
                f"unknown source {source!r}: add it to {SOURCES_FILE} or cite a URL or heading",
            )


def written_dates(text: str) -> list[date]:
    """Dates written out in Japanese (2025年10月31日) in ``text``."""
    found = []
    for match in _WRITTEN_DATE.finditer(text):
        try:
            found.append(date(*(int(g) for g in match.groups())))
        except ValueError:
            continue
    return found


def _program_texts(program: Program) -> list[tuple[str, str]]:
    texts = [("summary", program.summary), ("target", program.target)]
    texts += [("how_to_apply", program.how_to_apply)]
    texts += [("availability", program.availability or "")]
    texts += [(f"requirements[{i}]", t) for i, t in enumerate(program.requirements)]
    texts += [(f"details[{i}]", t) for i, t in enumerate(program.details)]
    texts += [(f"covered_costs[{i}]", t) for i, t in enumerate(program.covered_costs)]
    texts += [(f"not_covered[{i}]", t) for i, t in enumerate(program.not_covered)]
    texts += [("caps.note", program.caps.note or "")]
    return texts


def _check_written_dates(data: KnowledgeData, data_dir: Path, collector: _Collector) -> None:
    """A date typed into a program's text must be one of its rounds' sourced dates.

    Round dates carry source and as_of; a date typed into prose would not, and is
    where an assumed deadline (a fiscal year's end) crept in before.
    """
    for program in data.programs:
        backed = {d for entry in program.rounds for d in entry.dates}
        for field_name, text in _program_texts(program):
            for day in written_dates(text):
                if day not in backed:
                    collector.add(
                        _display(data_dir / PROGRAMS_FILE),
                        f"'{program.id}'",
                        field_name,
                        f"{day.isoformat()} is written in the text but is no date of a "
                        "round (rounds carry source and as_of)",
                    )
    for gap in data.non_implementing:
        if gap.note and written_dates(gap.note):
            collector.add(
                _display(data_dir / ORGANIZATIONS_FILE),
                f"'{gap.prefecture}'",
                "note",
                "dates belong in a sourced round, not in the note",
            )


def _check_misc_references(data: KnowledgeData, data_dir: Path, collector: _Collector) -> None:
    program_ids = {program.id for program in data.programs}
    org_ids = {org.id for org in data.organizations}
    for org in data.organizations:
        if org.see_also is not None and org.see_also not in org_ids:
            collector.add(
                _display(data_dir / ORGANIZATIONS_FILE),
                f"'{org.id}'",
                "see_also",
                f"unknown organization id {org.see_also!r}",
            )
    for index, desk in enumerate(data.free_desks):
        if desk not in program_ids:
            collector.add(
                _display(data_dir / PROGRAMS_FILE),
                _WHOLE_FILE,
                f"free_desks[{index}]",
                f"unknown program id {desk!r}",
            )
    if data.eligibility is not None:
        rules = data.eligibility
        ids = list(rules.programs) + [p for ps in rules.by_right_type.values() for p in ps]
        for program_id in ids:
            if program_id not in program_ids:
                collector.add(
                    _display(data_dir / ELIGIBILITY_FILE),
                    _WHOLE_FILE,
                    "programs",
                    f"unknown program id {program_id!r}",
                )
        answers = [r.answer for r in rules.requirements]
        for answer in sorted({a for a in answers if answers.count(a) > 1}):
            collector.add(
                _display(data_dir / ELIGIBILITY_FILE),
                f"'{answer}'",
                "answer",
                "duplicate",
            )


def _load_wording(directory: Path, collector: _Collector) -> Wording | None:
    path = directory / WORDING_FILE
    document = _read_yaml(path, collector)
    if document is None:
        return None
    shown = _display(path)
    try:
        parsed = _WordingFile.parse_obj(document)
    except ValidationError as error:
        for item in error.errors():
            collector.add(shown, _WHOLE_FILE, _field_label(item["loc"]), item["msg"])
        return None
    problems = template_problems(document.get("templates") or {})
    for key, message in problems:
        collector.add(shown, f"'{key}'", "templates", message)
    if problems:
        return None
    era = Era(parsed.era.name, parsed.era.first_year)
    return Wording(
        dict(parsed.templates), era, parsed.fiscal_year_start_month, parsed.brevity_markers
    )


def _load_eligibility(directory: Path, collector: _Collector) -> EligibilityRules | None:
    return _load_single(directory / ELIGIBILITY_FILE, EligibilityRules, collector)


def _load_priority(directory: Path, collector: _Collector) -> PriorityPeriods | None:
    return _load_single(directory / PRIORITY_FILE, PriorityPeriods, collector)


def _load_single(path: Path, model: type[ModelT], collector: _Collector) -> ModelT | None:
    """A file that is one model (not a list of entries)."""
    document = _read_yaml(path, collector)
    if document is None:
        return None
    try:
        return model.parse_obj(document)
    except ValidationError as error:
        for item in error.errors():
            collector.add(_display(path), _WHOLE_FILE, _field_label(item["loc"]), item["msg"])
        return None


def load_data(data_dir: Path | str | None = None) -> KnowledgeData:
    """Read and validate every file; raise KnowledgeError listing all problems."""
    directory = Path(data_dir) if data_dir is not None else DATA_DIR
    collector = _Collector()

    programs_path = directory / PROGRAMS_FILE
    organizations_path = directory / ORGANIZATIONS_FILE
    facts_path = directory / FACTS_FILE

    programs: list[Program] = []
    organizations: list[Organization] = []
    non_implementing: list[NonImplementingPrefecture] = []
    facts: list[Fact] = []

    free_desks: list[str] = []
    document = _read_yaml(programs_path, collector)
    if document is not None:
        _check_top_level(
            document, programs_path, {"shared", "defaults", "free_desks", "programs"}, collector
        )
        programs = _parse_section(document, programs_path, "programs", Program, collector)
        try:
            desks = _FreeDesks.parse_obj({"free_desks": document.get("free_desks")})
            free_desks = list(desks.free_desks)
        except ValidationError as error:
            for item in error.errors():
                collector.add(_display(programs_path), _WHOLE_FILE, "free_desks", item["msg"])
    document = _read_yaml(organizations_path, collector)
    if document is not None:
        _check_top_level(
            document,
            organizations_path,
            {"defaults", "organizations", "not_implemented"},
            collector,
        )
        organizations = _parse_section(
            document, organizations_path, "organizations", Organization, collector
        )
        non_implementing = _parse_section(
            document,
            organizations_path,
            "not_implemented",
            NonImplementingPrefecture,
            collector,
            label_key="prefecture",
            required=False,
        )
    document = _read_yaml(facts_path, collector)
    if document is not None:
        _check_top_level(document, facts_path, {"defaults", "facts"}, collector)
        facts = _parse_section(document, facts_path, "facts", Fact, collector)
    sources: list[Source] = []
    brochure: Brochure | None = None
    sources_path = directory / SOURCES_FILE
    document = _read_yaml(sources_path, collector)
    if document is not None:
        _check_top_level(document, sources_path, {"brochure", "sources"}, collector)
        sources = _parse_section(document, sources_path, "sources", Source, collector)
        try:
            brochure = Brochure.parse_obj(document.get("brochure"))
        except ValidationError as error:
            for item in error.errors():
                where = _field_label(("brochure", *item["loc"]))
                collector.add(_display(sources_path), _WHOLE_FILE, where, item["msg"])
    wording = _load_wording(directory, collector)
    eligibility = _load_eligibility(directory, collector)
    priority = _load_priority(directory, collector)

    data = KnowledgeData(
        directory,
        programs,
        organizations,
        non_implementing,
        facts,
        sources=sources,
        wording=wording,
        eligibility=eligibility,
        priority=priority,
        free_desks=free_desks,
        brochure=brochure,
    )
    if not collector.problems:
        # Cross-file checks only make sense once every entry parsed.
        _check_unique_ids(programs, programs_path, collector)
        _check_unique_ids(organizations, organizations_path, collector)
        _check_unique_ids(facts, facts_path, collector)
        _check_program_names(programs, programs_path, collector)
        _check_references(data, directory, collector)
        _check_coverage(data, directory, collector)
        _check_sources(data, directory, collector)
        _check_written_dates(data, directory, collector)
        _check_misc_references(data, directory, collector)
    if collector.problems:
        raise KnowledgeError(collector.problems)
    return data
