"""How each record type looks in a view: colour, shape, and its name in Chinese and English.

Shapes are vis-network shapes that draw the label below the symbol, so labels never sit inside
a box that grows with them. Ten types share seven shapes; the colour tells them apart, and the
legend shows both.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FIELD_LABELS", "STAGES", "TYPE_STYLES", "TypeStyle", "value_label"]


@dataclass(frozen=True)
class TypeStyle:
    """The look of one record type."""

    zh: str
    en: str
    plural_en: str
    colour: str
    border: str
    shape: str


TYPE_STYLES: dict[str, TypeStyle] = {
    "district": TypeStyle("行政区划", "District", "Districts", "#4e79a7", "#2f4b6b", "hexagon"),
    "company": TypeStyle("企业", "Company", "Companies", "#f28e2b", "#a85d14", "dot"),
    "industry_chain": TypeStyle(
        "产业链", "Industry chain", "Industry chains", "#59a14f", "#35692f", "diamond"
    ),
    "policy": TypeStyle("政策", "Policy", "Policies", "#e15759", "#9c3234", "square"),
    "port_route": TypeStyle("运输线路", "Port route", "Port routes", "#17a2b8", "#0d6574", "triangle"),
    "organization": TypeStyle("机构", "Organisation", "Organisations", "#b07aa1", "#75506b", "triangleDown"),
    "park": TypeStyle("园区", "Park", "Parks", "#e0b400", "#8f7300", "star"),
    "infrastructure": TypeStyle(
        "基础设施", "Infrastructure", "Infrastructure", "#9c755f", "#634838", "square"
    ),
    "project": TypeStyle("项目", "Project", "Projects", "#ff8fa3", "#b5516a", "diamond"),
    "person": TypeStyle("人物", "Person", "People", "#8c8c8c", "#555555", "dot"),
}
"""Record type → look, in the order legends and tables list them."""

STAGES: dict[str, tuple[str, str]] = {
    "upstream": ("上游", "Upstream"),
    "midstream": ("中游", "Midstream"),
    "downstream": ("下游", "Downstream"),
    "unstaged": ("未标环节", "Stage not stated"),
}
"""Chain stages, left to right."""

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "level": ("级别", "level"),
    "kind": ("类别", "kind"),
    "stage": ("环节", "stage"),
    "mode": ("运输方式", "mode"),
    "frequency": ("班次", "frequency"),
    "status": ("状态", "status"),
    "listed": ("上市", "listed"),
    "tier": ("层级", "tier"),
    "role": ("角色", "role"),
    "period": ("时间", "period"),
    "note": ("说明", "note"),
    "aliases": ("别名", "aliases"),
    "ids": ("代码", "codes"),
}
"""Field name → (Chinese, English) caption in tooltips and tables."""

_VALUES_ZH: dict[str, str] = {
    # district levels
    "province": "省",
    "city": "市",
    "district": "区",
    "county": "县",
    "county-level-city": "县级市",
    "town": "镇",
    "subdistrict": "街道",
    "region": "区域",
    # chain kinds and stages
    "industry": "产业",
    "chain": "产业链",
    "cluster": "产业集群",
    "segment": "细分环节",
    "upstream": "上游",
    "midstream": "中游",
    "downstream": "下游",
    # transport modes
    "sea-rail": "海铁联运",
    "river-sea": "河海联运",
    "road": "公路",
    "rail": "铁路",
    "sea": "海运",
    "inland-waterway": "内河航运",
    "multimodal": "多式联运",
    # infrastructure kinds
    "port": "港口",
    "port-area": "港区",
    "terminal": "码头",
    "canal": "运河",
    "waterway": "航道",
    "river": "河流",
    "lock": "船闸",
    "railway": "铁路",
    "highway": "高速公路",
    "metro": "地铁",
    # organisation kinds
    "government": "政府",
    "department": "部门",
    "university": "大学",
    "school": "学院",
    "institute": "研究院",
    "innovation-centre": "创新中心",
    "alliance": "联盟",
    "association": "协会",
    "committee": "委员会",
    "event": "会议活动",
    "media": "媒体",
    # park kinds
    "development-zone": "开发区",
    "high-tech-zone": "高新区",
    "free-trade-zone": "自贸区",
    "characteristic-town": "特色小镇",
    "corridor": "走廊",
    "science-city": "科学城",
    "industrial-park": "产业园",
    "new-city": "新城",
    "cooperation-zone": "合作区",
    "base": "基地",
    # policy kinds
    "plan": "规划",
    "guideline": "指南",
    "opinion": "意见",
    "programme": "计划",
    "action": "行动",
    "measure": "措施",
    "voucher": "券",
    "fund": "基金",
    "framework": "框架",
    "mechanism": "机制",
    "list": "名单",
    "designation": "称号",
    "strategy": "战略",
    # project kinds and status
    "project": "项目",
    "product": "产品",
    "platform": "平台",
    "facility": "设施",
    "planned": "规划中",
    "under-construction": "在建",
    "completed": "已建成",
    "operating": "运营中",
    "other": "其他",
}


def value_label(value: object) -> tuple[str, str]:
    """(Chinese, English) text for a field value: ``sea-rail`` → (海铁联运, sea-rail).

    >>> value_label("sea-rail"), value_label(True), value_label("一天两班")
    (('海铁联运', 'sea-rail'), ('是', 'yes'), ('一天两班', '一天两班'))
    """
    if isinstance(value, bool):
        return ("是", "yes") if value else ("否", "no")
    text = str(value)
    return _VALUES_ZH.get(text, text), text
