"""What a results file's headers and placement cells mean, in either language: a Chinese
planner's export says 广告位, 周, 花费 and 搜索结果顶部 where an English one says placement,
week, spend and search_top. Both are read; problems name the header as the file wrote it."""

from functools import cache

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ...i18n import LOCALES
from ...onboarding.products.file_names import fold
from ..models import Placement

COLUMN_LABELS = {
    "placement": _l("Placement"),
    "week": _l("Week"),
    "period_start": _l("First day"),
    "period_end": _l("Last day"),
    "spend": _l("Spend"),
    "impressions": _l("Impressions"),
    "clicks": _l("Clicks"),
    "conversions": _l("Conversions"),
    "revenue": _l("Revenue"),
}
# what ad platforms' own exports call them (巨量引擎's 消耗, 展示数, 转化数 …)
SYNONYMS = {
    "placement": ("广告位", "投放位置", "资源位"),
    "week": ("周", "周次", "日期", "week of"),
    "period_start": ("开始日期", "起始日期"),
    "period_end": ("结束日期",),
    "spend": ("花费", "消耗", "费用", "cost"),
    "impressions": ("展现", "展示", "展示数", "展现量", "曝光"),
    "clicks": ("点击", "点击数", "点击量"),
    "conversions": ("转化", "转化数", "成交笔数", "orders"),
    "revenue": ("收入", "成交金额", "销售额", "sales"),
}


@cache
def _column_index() -> dict[str, str]:
    index = {}
    for code, label in COLUMN_LABELS.items():
        names = [code]
        for locale in LOCALES:
            with force_locale(locale):
                names.append(str(label))
        for name in (*names, *SYNONYMS.get(code, ())):
            index.setdefault(fold(name), code)
    return index


__all__ = ["column_code", "fold", "placement_codes"]


def column_code(header: str) -> str | None:
    return _column_index().get(fold(header))


def placement_codes(placements: list[Placement]) -> dict[str, str]:
    """{folded code, English name or Chinese name: the placement's code}."""
    index = {}
    for placement in placements:
        for name in (placement.code, placement.name, placement.name_zh):
            if name:
                index.setdefault(fold(name), placement.code)
    return index
