"""Person candidates: a name right after the role it is given (董事长唐晓洪, 院长钟秋波).

Articles quote people by role and name. A name is a common surname and one or two more
characters, and it must be followed by what follows a name in a sentence (说, 表示, 介绍,
看来, punctuation …), which decides between two and three characters.
"""

from __future__ import annotations

import re

from kg.extract.mentions import Mention

__all__ = ["find_people"]

SURNAMES = frozenset(
    "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 "
    "彭 曾 肖 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 "
    "石 廖 贾 夏 韦 付 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵 "
    "万 钱 严 覃 武 戴 莫 孔 向 汤 宣 楼 应 虞 翁 詹 俞 屠 柴 裘 骆 卓 茅 葛 鲍 祝 竺 童 章 施 "
    "储 单 倪".split()
)
"""Common surnames (vocabulary, as a dictionary lists them)."""

_ROLES = (
    "董事长|副董事长|总经理助理|副总经理|总经理|总裁|副总裁|首席执行官|创始人|联合创始人|总工程师|"
    "物流总监|政企总监|技术总监|总监|经理|主任|副主任|局长|副局长|厅长|处长|书记|区长|市长|县长|镇长|"
    "院长|副院长|所长|教授|研究员|工程师|顾问|负责人|秘书长|会长|理事长|部长|校长|专家"
)
_AFTER = r"(?=说|表示|介绍|看来|认为|指出|告诉|坦言|透露|强调|称|说道|介紹|表態|[，,。:：“\"、\s（(]|$)"
_PERSON = re.compile(rf"({_ROLES})([\u4e00-\u9fff]{{2,3}}?){_AFTER}")


def find_people(text: str) -> list[Mention]:
    """People named right after their role.

    >>> [m.text for m in find_people("金日汽车董事长唐晓洪说,总经理吴政表示,相关负责人表示")]
    ['唐晓洪', '吴政']
    """
    found = []
    for match in _PERSON.finditer(text):
        name = match.group(2)
        if name[0] in SURNAMES:
            # kind carries the role: works_for proposals need it (kg.extract.relations)
            found.append(
                Mention(match.start(2), match.end(2), name, "person", None, "person-role", match.group(1))
            )
    return found
