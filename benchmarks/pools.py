"""Word pools for generated curation trees: characters with their pinyin, industries, places.

Everything a generated tree names is built from these pools, so the names read like the real
thing (杭州华宇微电子有限公司, 临江区, 人形机器人产业联盟) while being made up. The province and its
eleven cities are real; every district, town, company, park, body and person below them is not.
"""

from __future__ import annotations

__all__ = [
    "BRAND",
    "CHAINS",
    "CITIES",
    "GIVEN",
    "PLACE",
    "SEGMENTS",
    "SURNAMES",
]

BRAND: list[tuple[str, str]] = [
    (c, p)
    for c, p in zip(
        "华宇恒兴达新盛中天海鼎瑞博凯通汇嘉德信安泰富美明光正远金立宏伟杰锐科创智联合力源晶芯星云峰川"
        "航翔腾飞龙虹彩蓝青润沃康健乐亿万佳优诚毅卓越朗捷迅驰微兰士方舟舜禾恺昊晟煜琪璟铭",
        "hua yu heng xing da xin sheng zhong tian hai ding rui bo kai tong hui jia de xin an tai fu mei ming "
        "guang zheng yuan jin li hong wei jie rui ke chuang zhi lian he li yuan jing xin xing yun feng chuan "
        "hang xiang teng fei long hong cai lan qing run wo kang jian le yi wan jia you cheng yi zhuo yue lang "
        "jie xun chi wei lan shi fang zhou shun he kai hao sheng yu qi jing ming".split(),
        strict=True,
    )
]
"""Characters companies put in their trade names (字号), with pinyin for ids."""

PLACE: list[tuple[str, str]] = [
    (c, p)
    for c, p in zip(
        "安平阳江桥山溪湖宁清城塘浦乐丰泉源岭港洲沙河滨峰田林石梅桐柳松竹云霞岩湾渡坞埠圩垟墩",
        "an ping yang jiang qiao shan xi hu ning qing cheng tang pu le feng quan yuan ling gang zhou sha he "
        "bin feng tian lin shi mei tong liu song zhu yun xia yan wan du wu bu wei yang dun".split(),
        strict=True,
    )
]
"""Characters in place names (临江, 桐溪), with pinyin for ids."""

CITIES: list[tuple[str, str, str, str]] = [
    ("杭州市", "杭州", "hangzhou", "330100"),
    ("宁波市", "宁波", "ningbo", "330200"),
    ("温州市", "温州", "wenzhou", "330300"),
    ("嘉兴市", "嘉兴", "jiaxing", "330400"),
    ("湖州市", "湖州", "huzhou", "330500"),
    ("绍兴市", "绍兴", "shaoxing", "330600"),
    ("金华市", "金华", "jinhua", "330700"),
    ("衢州市", "衢州", "quzhou", "330800"),
    ("舟山市", "舟山", "zhoushan", "330900"),
    ("台州市", "台州", "taizhou", "331000"),
    ("丽水市", "丽水", "lishui", "331100"),
]
"""The cities of Zhejiang: name, short name, id, adcode (GB/T 2260)."""

CHAINS: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("集成电路", "integrated-circuits", [("微电子", "microelectronics"), ("半导体", "semiconductor")]),
    ("人形机器人", "humanoid-robots", [("机器人", "robotics"), ("智能装备", "smart-equipment")]),
    ("生物医药", "biomedicine", [("医药", "pharma"), ("生物科技", "biotech")]),
    ("新能源汽车", "new-energy-vehicles", [("汽车零部件", "auto-parts"), ("动力科技", "power-tech")]),
    ("高端装备", "high-end-equipment", [("机械", "machinery"), ("精工", "precision")]),
    ("新材料", "new-materials", [("新材料", "materials"), ("化工", "chemicals")]),
    ("时尚纺织服装", "fashion-textiles", [("纺织", "textiles"), ("服饰", "apparel")]),
    ("数字安防", "digital-security", [("安防科技", "security-tech"), ("视觉", "vision")]),
    ("光伏", "photovoltaics", [("光伏", "solar"), ("光电", "optoelectronics")]),
    ("储能", "energy-storage", [("储能", "storage"), ("电池", "batteries")]),
    ("航空航天", "aerospace", [("航空科技", "aviation"), ("卫星", "satellite")]),
    ("低空经济", "low-altitude-economy", [("无人机", "drones"), ("飞行器", "aircraft")]),
    ("人工智能", "artificial-intelligence", [("智能科技", "ai-tech"), ("数据", "data")]),
    ("网络通信", "network-communications", [("通信", "telecom"), ("网络科技", "networks")]),
    ("智能家居", "smart-home", [("电器", "appliances"), ("家居", "home")]),
    ("医疗器械", "medical-devices", [("医疗器械", "medical"), ("医学影像", "imaging")]),
    ("化纤", "chemical-fibres", [("化纤", "fibres"), ("聚酯", "polyester")]),
    ("节能环保", "energy-saving", [("环保", "environmental"), ("节能", "energy-efficiency")]),
    ("软件信息", "software", [("软件", "software"), ("信息技术", "infotech")]),
    ("智能电网", "smart-grid", [("电气", "electric"), ("电力设备", "power-equipment")]),
]
"""Industry chains: Chinese name, id, and the words companies in the chain use (with id parts)."""

SEGMENTS: list[tuple[str, str, str]] = [
    ("原材料", "raw-materials", "upstream"),
    ("核心零部件", "core-components", "upstream"),
    ("整机制造", "assembly", "midstream"),
    ("系统集成", "integration", "downstream"),
    ("应用服务", "applications", "downstream"),
]
"""The segments every generated chain has: name suffix, id suffix, stage."""

SURNAMES: list[tuple[str, str]] = list(
    zip("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁", "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang".split(), strict=True)
)
GIVEN: list[tuple[str, str]] = list(
    zip("伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉", "wei fang na min jing li qiang lei jun yang yong yan jie tao ming chao xiu xia ping gang gui ying hua yu".split(), strict=True)
)
