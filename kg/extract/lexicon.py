"""The words extraction rules are made of: name suffixes by type, boundaries, cues, triggers.

These are vocabulary, not facts: they say how Chinese names and sentences are built (a company
name ends in 有限公司, a name never contains 的), never what exists. Places come from the bundled
division list (:mod:`kg.extract.divisions`), known entities from the curation.
"""

from __future__ import annotations

import re

__all__ = [
    "BOILERPLATE",
    "BOUNDARY_WORDS",
    "GENERIC_BODIES",
    "GENERIC_PREFIXES",
    "INDUSTRY_CUES",
    "INDUSTRY_ENDINGS",
    "INDUSTRY_TERMS",
    "INDUSTRY_VERBS",
    "SUFFIXES",
    "TRIGGERS",
]

SUFFIXES: dict[str, dict[str, str]] = {
    "company": {
        "集团股份有限公司": "",
        "集团有限公司": "",
        "股份有限公司": "",
        "有限责任公司": "",
        "有限公司": "",
        "集团公司": "",
        "股份公司": "",
        "集团": "",
    },
    "organization": {
        "人民政府": "government",
        "政府": "government",
        "管理委员会": "government",
        "管委会": "government",
        "委员会": "committee",
        "发改委": "department",
        "区委": "government",
        "市委": "government",
        "县委": "government",
        "省委": "government",
        "宣传部": "department",
        "组织部": "department",
        "工业和信息化部": "government",
        "局": "department",
        "厅": "department",
        "海关": "government",
        "大学": "university",
        "学院": "school",
        "研究院": "institute",
        "研究所": "institute",
        "研究中心": "institute",
        "实验室": "institute",
        "创新中心": "innovation-centre",
        "科创中心": "innovation-centre",
        "技术中心": "institute",
        "联盟": "alliance",
        "协会": "association",
        "商会": "association",
        "学会": "association",
        "日报": "media",
        "晚报": "media",
        "电视台": "media",
        "客户端": "media",
        "网": "media",
        "医院": "other",
        "银行": "other",
    },
    "park": {
        "经济技术开发区": "development-zone",
        "高新技术产业开发区": "high-tech-zone",
        "经济开发区": "development-zone",
        "开发区": "development-zone",
        "经开区": "development-zone",
        "高新区": "high-tech-zone",
        "产业园区": "industrial-park",
        "产业园": "industrial-park",
        "工业园区": "industrial-park",
        "工业园": "industrial-park",
        "科技园": "industrial-park",
        "科创园": "industrial-park",
        "科技城": "science-city",
        "小镇": "characteristic-town",
        "大走廊": "corridor",
        "科创走廊": "corridor",
        "新城": "new-city",
        "新中心": "new-city",
        "新区": "new-city",
        "经济区": "cooperation-zone",
        "合作区": "cooperation-zone",
        "片区": "free-trade-zone",
        "自贸试验区": "free-trade-zone",
        "综合保税区": "free-trade-zone",
        "产业基地": "base",
    },
    "project": {
        "产业大脑": "platform",
        "未来工厂": "facility",
    },
    "infrastructure": {
        "港区": "port-area",
        "港": "port",
        "码头": "terminal",
        "大运河": "canal",
        "运河": "canal",
        "船闸": "lock",
        "航道": "waterway",
        "通道": "waterway",
        "高铁": "railway",
        "铁路": "railway",
        "城际": "railway",
        "高速公路": "highway",
        "高速": "highway",
        "大道": "road",
        "机场": "other",
        "大桥": "road",
        "火车站": "other",
    },
}
"""Name endings that make a new-name candidate, by schema type, with the suggested ``kind``."""

BOUNDARY_WORDS = tuple(
    sorted(
        set(
            "的 是 由 在 与 和 及 向 为 从 被 把 对 据 让 给 跟 等 了 着 将 以 这 那 其 该 各 每 也 还 至 "
            "又 就 即 或 并 而 但 像 说 称 到 去 使 令 已 均 继 "
            "走进 来到 位于 落户 落地 投资 引进 联合 携手 包括 其中 成立 打造 牵头 签约 入选 旗下 介绍 表示 "
            "认为 看来 以及 通过 作为 依托 围绕 推动 支持 带动 培育 引育 招引 拥有 形成 建设 聚焦 集聚 吸引 "
            "获得 成为 负责人 记者 通讯员 董事长 总经理 顾问 主任 副总 助理 发布 印发 出台 召开 举办 来自 "
            "提供 供应 对接 借力 联动 共建 扩建 承建 新建 筹建 直达 抵达 到达 地处 坐落 毗邻 紧邻 所在 "
            "加快 推进 实施 开展 设立 组建 建成 开通 连接 串起 依靠 借助 深化 实现 "
            "分别 相继 先后 陆续 正在 已经 曾经 目前 如今 当前 近年来 今年 去年 全市 全区 全省 全县".split()
        ),
        key=len,
        reverse=True,
    )
)
"""Words a name does not contain: a candidate's name starts after the last one before its suffix."""

GENERIC_PREFIXES = (
    "全国首个",
    "首个",
    "首家",
    "龙头企业",
    "链主企业",
    "头部企业",
    "重点企业",
    "骨干企业",
    "本地企业",
    "企业",
    "公司",
    "龙头",
    "链主",
    "头部",
    "知名",
    "老牌",
    "本地",
    "当地",
    "国内",
    "全国",
    "全球",
    "上市",
    "民营",
)
"""Words that often stand before a name without belonging to it (龙头企业杭州士兰微…)."""

GENERIC_BODIES = frozenset(
    "该 本 这家 一家 多家 子 分 母 控股 合资 有限 股份 国有 民营 投资 科技 上市 企业 龙头 贸易 物流 "
    "相关 有关 地方 当地 本地 各级 上级 全市 全区 全省 全县 各 其 省 市 区 县 镇 乡 村 新 老 大 小 "
    "产业 制造 传统 优势 新兴 主导 特色 支柱 重点 未来 先进 现代 配套 上下游 数字 实体 全 两 三 "
    "多 高 港 海 空 内 外 出海 物流通道 要素流动 交通 运输 国际 开放 大 创新 研究 联合".split()
)
"""Bodies too generic to be a name on their own (科技有限公司, 企业集团, 传统产业)."""

INDUSTRY_CUES = ("产业链", "产业集群", "产业", "集群", "行业", "领域", "赛道", "企业")
"""Words after an industry term that confirm it names an industry (汽车零部件产业)."""

INDUSTRY_ENDINGS = tuple(
    "装备 材料 电路 医药 零部件 家纺 能源 信息 经济 制造 智能 机器人 器械 芯片 半导体 "
    "通信 电子 光伏 化工 化纤 健康 生物 物流 金融 旅游 文化 农业 设备 机械 电力 航空 航天 钢铁 建材 食品 "
    "家电 家居 厨电 电梯 无线电 数据 算力 网络 互联网 物联网 新能源 储能 氢能 时尚 安防 视觉 传感器 显示 "
    "存储 医疗 康养 体育 影视 游戏 动漫 会展 电商 印染 皮革 家具 五金 轴承 机床 模具 船舶 石化".split()
)
"""How industry names end: a term before 产业 counts only if it ends in one of these."""

INDUSTRY_VERBS = re.compile(
    r"^.*(?:积极|拓展|做强|做大|梳理出|培育|发展|壮大|推动|打造|布局|聚焦|围绕|深耕|立足|加快|推进|引进|引育|"
    r"建设|构建|形成|提升|促进|重点|千亿|百亿|万亿|千亿级|百亿级)"
)
"""Verbs and scale words before an industry term; the term starts after the last one."""

INDUSTRY_TERMS = frozenset(
    "集成电路 半导体 泛半导体 新能源汽车 智能网联汽车 汽车零部件 生物医药 医疗器械 高端装备 "
    "智能装备 新材料 前沿新材料 化纤 时尚纺织服装 纺织服装 人工智能 数字经济 低空经济 "
    "机器人 人形机器人 工业机器人 智能制造 信息服务 新能源 光伏 储能 氢能 节能环保 航空航天 "
    "物联网 云计算 大数据 区块链 量子信息 合成生物 生命健康 算力 视觉智能 智能家居 家电 厨电 "
    "电子信息 新一代信息技术 网络通信 电力装备 电梯 减速器 传感器 芯片 数控机床 石化 新能源装备".split()
)
"""Industry names that count as candidates when an industry cue stands in the same clause."""

TRIGGERS: list[tuple[str, str, str]] = [
    ("来自", "supplies", "b>a"),
    ("提供", "supplies", "a>b"),
    ("供应", "supplies", "a>b"),
    ("供货", "supplies", "a>b"),
    ("配套", "supplies", "a>b"),
    ("位于", "located_in", "a>b"),
    ("坐落", "located_in", "a>b"),
    ("地处", "located_in", "a>b"),
    ("落地", "located_in", "a>b"),
    ("落户", "located_in", "a>b"),
    ("入驻", "located_in", "a>b"),
    ("联合", "partners_with", "a>b"),
    ("携手", "partners_with", "a>b"),
    ("合作", "partners_with", "a>b"),
    ("共建", "partners_with", "a>b"),
    ("签约", "partners_with", "a>b"),
    ("投资", "invests_in", "a>b"),
    ("入股", "invests_in", "a>b"),
    ("印发", "issued_by", "b>a"),
    ("发布", "issued_by", "b>a"),
    ("出台", "issued_by", "b>a"),
    ("颁布", "issued_by", "b>a"),
    ("牵头", "leads", "a>b"),
    ("运营", "operates", "a>b"),
    ("研发", "develops", "a>b"),
    ("入选", "selected_for", "a>b"),
    ("聚焦", "targets", "a>b"),
]
"""Trigger word → predicate and direction: ``a>b`` means the mention before the trigger is the
subject; ``b>a`` the mention after it (X 印发《Y》: Y issued_by X). After 由 the agent comes
first: 《Y》由X发布, 由X提供 (see :mod:`kg.extract.relations`)."""

BOILERPLATE = (
    "当前位置",
    "首页",
    "友情提示",
    "版权",
    "转载",
    "责任编辑",
    "编辑:",
    "来源:",
    "点击:",
    "日期:",
    "联系邮箱",
    "邮箱:",
    "发表评论",
    "评论列表",
    "暂无评论",
    "暂时没有评论",
    "相关文章",
    "相关新闻",
    "相关阅读",
    "上一篇",
    "下一篇",
    "分享到",
    "扫一扫",
    "二维码",
    "Copyright",
    "ICP备",
    "举报",
    "打印",
    "关闭窗口",
)
"""Markers of navigation, footers and comment boxes: a short line with one of these is not text."""
