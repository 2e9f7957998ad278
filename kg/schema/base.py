"""Fields every record shares: names, citations, relations, indicators, dates, external ids.

Validators raise ``PydanticCustomError`` whose type is the problem code (``KG104`` …), so the
loader can translate every validation error into a ``path:line:col: CODE message`` line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from kg.schema.ids import adcode_problem, stock_code_problem, uscc_problem, wikidata_problem
from kg.schema.metrics import APPROX, BASE_UNITS, METRICS, parse_unit, unit_scale
from kg.schema.relations import PREDICATES

__all__ = [
    "Citation",
    "DateFact",
    "DistinctFrom",
    "ExternalIds",
    "Indicator",
    "Model",
    "Record",
    "Relation",
    "Slug",
]

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE_PATTERN = r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$"
_POINT = r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?|-Q[1-4]|-H[12])?"
PERIOD_PATTERN = rf"^(?:{_POINT}|(?:{_POINT}|\.\.)/(?:{_POINT}|\.\.))$"


def did_you_mean(value: str, choices: list[str] | Any) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or an empty string."""
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _slugify(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


_SLUG = re.compile(SLUG_PATTERN)


def _check_slug(value: str) -> str:
    if not _SLUG.match(value):
        suggestion = _slugify(value)
        hint = f" (try {suggestion!r})" if suggestion and suggestion != value else ""
        raise PydanticCustomError(
            "KG104",
            "invalid id {value}: use lowercase ASCII letters, digits and single hyphens{hint}",
            {"value": repr(value), "hint": hint},
        )
    return value


def _check_rel(value: str) -> str:
    if value not in PREDICATES:
        raise PydanticCustomError(
            "KG105",
            "unknown relation {value}{hint}",
            {"value": repr(value), "hint": did_you_mean(value, PREDICATES)},
        )
    return value


def _check_metric(value: str) -> str:
    if value not in METRICS:
        raise PydanticCustomError(
            "KG106",
            "unknown metric {value}{hint}",
            {"value": repr(value), "hint": did_you_mean(value, METRICS)},
        )
    return value


class _Passed(dict[str, str]):
    """Strings a check has passed, each mapped to itself.

    Its ``__getitem__`` is the validator pydantic calls: a string met before (the same source
    ids, record ids, predicates and dates recur in thousands of files) is answered by a lookup
    in C, without the cost of calling a Python function; any other string goes to the check,
    which raises its ``PydanticCustomError`` as it would alone, or passes and is remembered.
    """

    def __init__(self, check: Callable[[str], str]) -> None:
        super().__init__()
        self.check = check

    def __missing__(self, value: str) -> str:
        passed = self.check(value)
        if len(self) >= _PASSED_MAX:
            self.clear()
        self[value] = passed
        return passed


_PASSED_MAX = 100_000
"""Strings remembered per check; a few megabytes at most."""


def _remembered(check: Callable[[str], str]) -> AfterValidator:
    """``AfterValidator(check)``, answering strings that passed before without calling it."""
    return AfterValidator(_Passed(check).__getitem__)


def _empty_list() -> Any:
    """An empty-list default made by a factory: pydantic deep-copies a ``[]`` default for every
    record that leaves the field out, and calling ``list`` is several times cheaper. The JSON
    Schema still says ``"default": []``."""
    return Field(default_factory=list, json_schema_extra={"default": []})


def _pattern_check(code: str, pattern: str, what: str, example: str) -> AfterValidator:
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.match(value):
            raise PydanticCustomError(
                code,
                "invalid {what} {value}: write it like {example}",
                {"what": what, "value": repr(value), "example": example},
            )
        return value

    return _remembered(check)


Slug = Annotated[str, _remembered(_check_slug), Field(json_schema_extra={"pattern": SLUG_PATTERN})]
PartialDate = Annotated[
    str,
    _pattern_check("KG108", DATE_PATTERN, "date", "2021, 2021-05 or 2021-05-09"),
    Field(json_schema_extra={"pattern": DATE_PATTERN}),
]
Period = Annotated[
    str,
    _pattern_check("KG108", PERIOD_PATTERN, "period", "2024, 2025-Q1 or 2025-01/2025-07"),
    Field(json_schema_extra={"pattern": PERIOD_PATTERN}),
]
Stage = Literal["upstream", "midstream", "downstream"]
Approx = Literal[APPROX]  # type: ignore[valid-type]
Text = Annotated[str, Field(min_length=1)]


class Model(BaseModel):
    """Strict base: unknown fields are errors, attribute docstrings become descriptions."""

    model_config = ConfigDict(
        extra="forbid", use_attribute_docstrings=True, frozen=True, str_strip_whitespace=False
    )


class Citation(Model):
    """Where a fact comes from: a registered source and the exact words that state it."""

    source: Slug
    """Id of a source in seeds/sources.yaml."""
    quote: Text | None = None
    """Exact text of the source (after normalisation: pinyin stripped, Simplified script).
    Required for article sources; `kg check` verifies it."""
    note: Text | None = None
    """How the quote supports the fact, when that is not obvious."""


Citations = Annotated[list[Citation], Field(min_length=1)]


class Relation(Model):
    """An edge from this record to another, with the citations that state it."""

    rel: Annotated[
        str,
        _remembered(_check_rel),
        WithJsonSchema({"type": "string", "enum": sorted(PREDICATES)}),
    ]
    """Predicate from the relation vocabulary (kg/schema/relations.py)."""
    to: Slug
    """Id of the record at the other end."""
    stage: Stage | None = None
    """Position in an industry chain: upstream, midstream or downstream."""
    tier: Text | None = None
    """Tier within a framework such as "3+2+X" (for example "3", "2", "X")."""
    role: Text | None = None
    """Role held, as stated (链主, 负责人, 总经理助理, 发起单位 …)."""
    period: Period | None = None
    """When the relation holds, if the source says."""
    note: Text | None = None
    """What the relation is about, in the source's terms (for example the product supplied)."""
    sources: Citations
    """Citations stating this relation."""


class Indicator(Model):
    """A figure stated about this record, with its unit as written."""

    metric: Annotated[
        str,
        _remembered(_check_metric),
        WithJsonSchema({"type": "string", "enum": sorted(METRICS)}),
    ]
    """Metric from the vocabulary (kg/schema/metrics.py)."""
    value: float | int
    """The number as written, in the stated unit (2.66 for 2.66万标箱)."""
    unit: str
    """Unit as written: 万标箱, 亿元, %, 家 …"""
    period: Period | None = None
    """Time the figure refers to: 2024, 2025-Q1, 2025-01/2025-07."""
    approx: Approx | None = None
    """Hedge in the source: 多, 余, 超, 近, 约, 以上, 左右, 级."""
    target: bool = False
    """True for a goal or forecast (到2025年…要达到), not a measured value."""
    about: Slug | None = None
    """A record that qualifies the figure (an industry, a route, a product)."""
    reported_by: Slug | None = None
    """Who reported the figure (a body, a person, an operator), when the source names them."""
    note: Text | None = None
    """What exactly is counted, when the metric name alone does not say."""
    sources: Citations
    """Citations stating this figure."""

    @field_validator("unit")
    @classmethod
    def _unit_fits_metric(cls, unit: str, info: ValidationInfo) -> str:
        parsed = parse_unit(unit)
        if parsed is None:
            raise PydanticCustomError(
                "KG109",
                "unknown unit {unit}; base units are {known}",
                {"unit": repr(unit), "known": " ".join(BASE_UNITS)},
            )
        metric = METRICS.get(str(info.data.get("metric")))
        if metric and BASE_UNITS[parsed[1]] not in metric.dimensions:
            raise PydanticCustomError(
                "KG109",
                "unit {unit} does not fit metric {metric} (expects {dims})",
                {
                    "unit": repr(unit),
                    "metric": repr(metric.name),
                    "dims": ", ".join(sorted(metric.dimensions)),
                },
            )
        return unit

    @property
    def base_value(self) -> float:
        """The value in the base unit: 2.66 万标箱 → 26600.0."""
        return float(self.value) * unit_scale(self.unit)[0]

    @property
    def base_unit(self) -> str:
        return unit_scale(self.unit)[1]


class DateFact(Model):
    """A dated event in the record's life: founded, issued, opened …"""

    event: Literal[
        "founded",
        "issued",
        "adopted",
        "opened",
        "completed",
        "launched",
        "started",
        "held",
        "selected",
        "renamed",
        "milestone",
    ]
    """What happened; ``milestone`` for a test or technical first (a first ignition)."""
    date: PartialDate
    """When: 2021, 2021-05 or 2021-05-09."""
    note: Text | None = None
    """How the date was read (for example relative to the article's date)."""
    sources: Citations
    """Citations stating the date."""


def _id_check(problem: Any) -> AfterValidator:
    def check(value: str) -> str:
        why = problem(value)
        if why:
            raise PydanticCustomError(
                "KG107", "invalid identifier {value}: {why}", {"value": repr(value), "why": why}
            )
        return value

    return AfterValidator(check)


class ExternalIds(Model):
    """Identifiers in other systems, all from one cited reference source."""

    adcode: Annotated[str, _id_check(adcode_problem)] | None = None
    """Administrative division code (GB/T 2260), 6 digits."""
    uscc: Annotated[str, _id_check(uscc_problem)] | None = None
    """Unified social credit code (GB 32100), 18 characters with check digit."""
    stock: list[Annotated[str, _id_check(stock_code_problem)]] = []
    """Stock codes with exchange suffix: 600460.SH, 002415.SZ, 9988.HK."""
    wikidata: Annotated[str, _id_check(wikidata_problem)] | None = None
    """Wikidata item id, Q…"""
    source: Slug
    """Id of the `reference` source these identifiers come from."""


class DistinctFrom(Model):
    """A record that looks like a duplicate of this one but is not."""

    id: Slug
    """The other record."""
    reason: Text
    """Why the two are different things."""


class Product(Model):
    """Something a company makes, as the source names it."""

    name: Text
    name_en: Text | None = None
    sources: Citations


class Record(Model):
    """Fields every record has. Subclasses add the fields of one type."""

    type: ClassVar[str] = ""
    HEAD: ClassVar[tuple[str, ...]] = ("id", "name", "name_en", "aliases")
    TAIL: ClassVar[tuple[str, ...]] = (
        "ids",
        "sources",
        "dates",
        "indicators",
        "relations",
        "distinct_from",
        "note",
    )

    id: Slug
    """Unique id, equal to the file name; lowercase ASCII with hyphens."""
    name: Text
    """Canonical Simplified Chinese name (the full legal name for companies)."""
    name_en: Text
    """English name."""
    aliases: list[Text] = _empty_list()
    """Other names used in text: short forms, former names (士兰微, 杭汽轮, 钱塘新区)."""
    ids: ExternalIds | None = None
    """External identifiers."""
    sources: Citations
    """Citations that establish the record exists as named."""
    dates: list[DateFact] = _empty_list()
    """Dated events."""
    indicators: list[Indicator] = _empty_list()
    """Figures stated about this record."""
    relations: list[Relation] = _empty_list()
    """Edges to other records."""
    distinct_from: list[DistinctFrom] = _empty_list()
    """Records with a similar name that are different things."""
    note: Text | None = None
    """Curator's note; not a fact."""

    @model_validator(mode="after")
    def _aliases_differ_from_name(self) -> Record:
        seen = {self.name}
        for alias in self.aliases:
            if alias in seen:
                raise PydanticCustomError(
                    "KG103", "alias {alias} repeats the name or another alias", {"alias": repr(alias)}
                )
            seen.add(alias)
        return self

    @property
    def all_names(self) -> tuple[str, ...]:
        """Every name the record goes by, as a search matches them: name, aliases, English name."""
        return (self.name, *self.aliases, self.name_en)

    @classmethod
    def field_order(cls) -> list[str]:
        """Canonical key order: identity first, type-specific fields, then facts."""
        middle = [f for f in cls.model_fields if f not in cls.HEAD and f not in cls.TAIL]
        return [*cls.HEAD, *middle, *cls.TAIL]
