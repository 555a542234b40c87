"""Made-up names for people and enterprises, and the spelling variants agencies write.

Person names are a surname from a list of common surnames and one or two given-name
characters drawn independently from a curated list; no list of real people is used, so a
name matches a real person's only by the coincidence every common Chinese name has — the
synthetic resident id, not the name, identifies a person. Enterprise names follow the
registry pattern 上海 + 字号 + 行业 + 组织形式 with a random two-character 字号.
"""

from __future__ import annotations

import random
from collections.abc import Callable

NameMaker = Callable[[random.Random], str]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰萍红娟建国文斌宇浩凯鹏飞鑫波辉亮成林峰"
    "春梅晨阳志刚海龙振德永庆金福长顺根生爱民学兵立新俊卫东小松雪云宏庭荣贵富满江河山水友"
)
BRAND = (
    "宏泰鑫隆恒盛华丰瑞祥安达正信永兴广源东方盈合汇通博远嘉诚锦程天元润泽申浦沪晟铭宸弘睿朗卓"
    "骏豪昊禾沐森淼垚昱曜晖煜烨璟琪瑾瑜珂翔鸿鹄筑基业建邦砼鼎磐固坤乾巽兑"
)
GC_TRADES = ("建设", "建工", "建筑工程", "城建")
SPECIALTY_TRADES = ("机电安装", "幕墙装饰", "市政工程", "钢结构", "装饰工程", "消防工程")
LABOUR_TRADES = ("建筑劳务", "劳务", "建筑劳务服务")
OWNER_TRADES = ("置业", "房地产开发", "实业")
DISPATCH_TRADES = ("人力资源", "劳务派遣", "企业管理服务")
OTHER_TRADES = ("餐饮管理", "物业管理", "电子科技", "服装", "物流", "保洁服务", "商贸")
FORMS = ("有限公司", "有限公司", "有限公司", "有限责任公司")


def person_name(rng: random.Random) -> str:
    """A surname and one (30%) or two given-name characters."""
    r = rng.random
    size = len(GIVEN)
    given = GIVEN[int(r() * size)]
    if r() >= 0.3:
        given += GIVEN[int(r() * size)]
    return SURNAMES[int(r() * len(SURNAMES))] + given


def brand(rng: random.Random) -> str:
    """A two-character 字号 whose characters differ."""
    first = rng.choice(BRAND)
    second = rng.choice(BRAND)
    while second == first:
        second = rng.choice(BRAND)
    return first + second


def enterprise_name(rng: random.Random, trades: tuple[str, ...], *, form: str = "") -> str:
    """'上海宏泰建设有限公司'; some group companies carry '（上海）' in full-width brackets."""
    trade = rng.choice(trades)
    suffix = form or rng.choice(FORMS)
    if trades is GC_TRADES and rng.random() < 0.2:
        return f"{brand(rng)}{trade}集团（上海）{suffix}"
    return f"上海{brand(rng)}{trade}{suffix}"


def partnership_name(rng: random.Random) -> str:
    return f"上海{brand(rng)}{rng.choice(LABOUR_TRADES)}合伙企业（普通合伙）"


def crew_name(rng: random.Random, district_name: str) -> str:
    """An unregistered 施工队 named after its boss's surname."""
    return f"{district_name}{rng.choice(SURNAMES)}某{brand(rng)}施工队"


def institution_name(district_name: str, serial: int) -> str:
    return f"上海市{district_name}建设工程管理中心{_ordinal(serial)}"


def _ordinal(serial: int) -> str:
    return "" if serial == 0 else f"（{serial}）"


def variant_of(name: str, kind: str) -> str:
    """The spellings other agencies write for the same enterprise."""
    if kind == "brackets":
        return name.replace("（", "(").replace("）", ")")
    if kind == "form" and name.endswith("有限责任公司"):
        return name[: -len("有限责任公司")] + "有限公司"
    if kind == "form" and name.endswith("有限公司"):
        return name[: -len("有限公司")] + "有限责任公司"
    return name
