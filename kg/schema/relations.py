"""The relation vocabulary: every predicate a record may use, with who may stand at each end.

Like FollowTheMoney's ``edge:`` blocks, each predicate says its Chinese and English label, the
label read from the other end (so inverse relations are answered, not stored twice), the record
types allowed as subject (domain) and object (range), and which qualifiers it takes.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PREDICATES", "QUALIFIERS", "Predicate"]

QUALIFIERS = ("stage", "tier", "role", "period", "note")
"""Fields a relation may carry besides rel, to and sources; each predicate allows a subset."""

_ALL = frozenset(
    {
        "district",
        "company",
        "industry_chain",
        "policy",
        "port_route",
        "organization",
        "park",
        "infrastructure",
        "project",
        "person",
    }
)


@dataclass(frozen=True)
class Predicate:
    name: str
    zh: str
    en: str
    inverse_zh: str
    inverse_en: str
    domain: frozenset[str]
    range: frozenset[str]
    qualifiers: frozenset[str] = frozenset({"period", "note"})
    symmetric: bool = False
    same_type: bool = False
    """Subject and object must be of one type (a district is part of a district, not a park)."""


def _p(
    name: str,
    zh: str,
    en: str,
    inv_zh: str,
    inv_en: str,
    domain: str,
    range_: str,
    qualifiers: str = "period note",
    **flags: bool,
) -> Predicate:
    def types(spec: str) -> frozenset[str]:
        return _ALL if spec == "*" else frozenset(spec.split())

    return Predicate(
        name, zh, en, inv_zh, inv_en, types(domain), types(range_), frozenset(qualifiers.split()), **flags
    )


_HIERARCHY = "district park infrastructure organization project policy"
_ACTORS = "company organization district park project"

# fmt: off
PREDICATES: dict[str, Predicate] = {
    p.name: p
    for p in [
        _p("part_of", "隶属于", "part of", "包括", "has part", _HIERARCHY, _HIERARCHY,
           same_type=True),
        _p("segment_of", "细分环节", "segment of", "包含环节", "has segment",
           "industry_chain", "industry_chain", "stage period note"),
        _p("located_in", "位于", "located in", "所在地有", "hosts",
           "company organization park infrastructure project district", "district park"),
        _p("held_in", "举办地", "held in", "举办", "hosts event", "organization project",
           "district park"),
        _p("borders", "交界", "borders", "交界", "borders", "district park", "district park",
           symmetric=True),
        _p("member_of", "成员", "member of", "成员有", "has member",
           "company organization district park project",
           "industry_chain organization district project", "stage role tier period note"),
        _p("supplies", "供应", "supplies", "采购自", "customer of", "company organization",
           "company organization project"),
        _p("partners_with", "合作", "partners with", "合作", "partners with", _ACTORS, _ACTORS,
           symmetric=True),
        _p("invests_in", "投资", "invests in", "获投资于", "invested in by",
           "company organization district policy", "company organization project park"),
        _p("operates", "运营", "operates", "运营方", "operated by", "company organization",
           "infrastructure port_route park project organization"),
        _p("develops", "研发/建设", "develops", "研发/建设方", "developed by",
           "company organization district", "project park infrastructure organization"),
        _p("applies", "应用", "applies", "应用于", "applied by", "company organization project",
           "industry_chain project"),
        _p("announced_at", "发布于", "announced at", "发布", "announced", "policy project",
           "organization"),
        _p("issued_by", "发布机关", "issued by", "发布", "issued", "policy",
           "organization district"),
        _p("implements", "实施", "implements", "实施方", "implemented by",
           "district organization park company", "policy"),
        _p("applies_to", "适用于", "applies to", "适用政策", "subject to", "policy",
           "district park company industry_chain organization project port_route infrastructure"),
        _p("targets", "聚焦产业", "targets industry", "受其支持", "targeted by",
           "policy district park organization project", "industry_chain", "tier stage period note"),
        _p("selected_for", "入选", "selected for", "入选者", "selects",
           "company district park project organization", "policy"),
        _p("leads", "牵头", "leads", "牵头方", "led by", "organization company person district",
           "organization project policy", "role period note"),
        _p("affiliated_with", "隶属机构", "affiliated with", "下属机构", "has affiliate",
           "organization", "organization company"),
        _p("subsidiary_of", "子公司", "subsidiary of", "控股", "parent of", "company", "company"),
        _p("works_for", "任职于", "works for", "人员", "employs", "person",
           "organization company", "role period note"),
        _p("origin", "起点", "origin", "始发线路", "route starting here", "port_route",
           "infrastructure district park"),
        _p("destination", "终点", "destination", "到达线路", "route ending here", "port_route",
           "infrastructure district park"),
        _p("via", "途经", "via", "途经线路", "route passing through", "port_route",
           "infrastructure district park"),
        _p("connects", "连接", "connects", "连通", "connected by", "infrastructure",
           "district park infrastructure"),
    ]
}
# fmt: on
