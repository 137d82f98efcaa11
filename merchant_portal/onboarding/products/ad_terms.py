# ruff: noqa: RUF002, RUF003  (full-width letters are what the docstring is about)
"""The Advertising Law's absolute terms (广告法 Article 9: no 最佳, 国家级, 第一 …), kept by
admins as data: the list changes with enforcement practice, not with releases.

A Chinese term matches anywhere in the text (Chinese has no spaces between words); a Latin
one matches as a whole word ("best" in "best seller", not in "bestow"). Text is compared in
NFKC, so full-width "Ｎｏ．１" is "No.1". A term ending in "*" matches its stem followed by
any one Chinese character ("最*": 最好, 最低 …).
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import g, has_app_context
from sqlalchemy.orm import Mapped, mapped_column

from ...extensions import db
from ...timeutil import utcnow

TERM_MAX = 40
CHINESE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# What the migration seeded, kept here for tests and the demo: the terms regulators and
# marketplaces most often name. Admins add and remove terms on /admin/ad-terms.
SEED_TERMS = (
    "最佳", "最好", "最优", "最低", "最低价", "最便宜", "最高级", "最强", "最新", "最先进",
    "最受欢迎", "最畅销", "最热销", "最火", "最专业", "最权威", "最正宗", "最实惠", "最舒适",
    "第一", "第一品牌", "销量第一", "全网第一", "唯一", "首选", "顶级", "国家级", "世界级",
    "全网最低价", "全球首发", "全国首家", "100%", "百分之百", "绝对", "万能", "极致", "终极",
    "无敌", "独一无二", "史无前例", "王牌", "领导品牌", "金牌",
    "best", "the best", "No.1", "No. 1", "number one", "#1", "lowest price", "cheapest",
    "world's best", "ultimate", "unbeatable",
)  # fmt: skip


# A fibre's share is a label the garment standards ask for (GB 5296.4, GB/T 29862: 面料
# 100%棉), not a claim: "100%" right before a fibre or leather is not the absolute term. A
# merchant's description of a T-shirt was refused for "面料：100%纯棉".
CONTENT = (
    "纯棉", "棉", "精梳棉", "长绒棉", "羊毛", "绵羊毛", "美利奴羊毛", "羊绒", "山羊绒", "桑蚕丝",
    "蚕丝", "真丝", "亚麻", "苎麻", "涤纶", "聚酯纤维", "锦纶", "尼龙", "氨纶", "粘纤",
    "粘胶纤维", "莫代尔", "莱赛尔", "天丝", "腈纶", "竹纤维", "牛皮", "头层牛皮", "羊皮", "真皮",
    "cotton", "wool", "merino", "cashmere", "silk", "linen", "polyester", "nylon", "leather",
)  # fmt: skip
_FULL = ("100%", "百分之百")
# the fibre may come after where it grew or how it was grown (100%新疆长绒棉, 100%澳洲美利奴羊毛,
# 100%有机棉); any other word between keeps the claim (100%满意纯棉T恤)
ORIGINS = (
    "新疆", "澳洲", "澳大利亚", "新西兰", "内蒙古", "内蒙", "埃及", "美国", "秘鲁", "法国",
    "比利时", "爱尔兰", "意大利", "苏州", "杭州", "湖州", "进口", "天然", "有机", "优质", "精选",
)  # fmt: skip
_CONTENT_NEXT = re.compile(
    r"\s*(?:" + "|".join(re.escape(o) for o in sorted(ORIGINS, key=len, reverse=True)) + r")?"
    r"\s*(?:" + "|".join(re.escape(c) for c in sorted(CONTENT, key=len, reverse=True)) + ")"
)
# the label's other order: the fibre first (棉100%, 聚酯纤维 100%, 含棉量100%, 棉含量：100%)
_FIBRES = "|".join(re.escape(c) for c in sorted(CONTENT, key=len, reverse=True))
# (compared in NFKC: a full-width colon is a plain one there)
_CONTENT_BEFORE = re.compile(rf"(?:(?:{_FIBRES})(?:含量)?|含(?:{_FIBRES})量)\s*:?\s*$")


class AbsoluteTerm(db.Model):
    __tablename__ = "absolute_terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    term: Mapped[str] = mapped_column(sa.String(TERM_MAX), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def normalise_term(term: str) -> str:
    return unicodedata.normalize("NFKC", term or "").strip()


def current_terms() -> tuple[str, ...]:
    """The admins' list, read once per request (the quality panel runs on every keystroke)."""
    if not has_app_context():
        return SEED_TERMS
    cached = g.get("_absolute_terms")
    if cached is None:
        cached = tuple(db.session.scalars(sa.select(AbsoluteTerm.term)))
        g._absolute_terms = cached
    return cached


def forget_terms() -> None:
    """After an admin changed the list within this request."""
    if has_app_context():
        g.pop("_absolute_terms", None)


def _pattern(term: str) -> str | None:
    term = normalise_term(term).lower()
    stem, any_char = (term[:-1], True) if term.endswith("*") else (term, False)
    if not stem:
        return None
    body = re.escape(stem) + (r"[\u4e00-\u9fff]" if any_char else "")
    if CHINESE.search(stem):
        return body
    # a Latin word stands alone: not "best" inside "bestow", not "#1" inside "#12"
    start = r"(?<![0-9a-z])" if stem[0].isalnum() else ""
    end = r"(?![0-9a-z])" if stem[-1].isalnum() or stem[-1] in "0123456789%" else ""
    return start + body + end


def _matcher(terms: tuple[str, ...]) -> re.Pattern | None:
    # longest first: 全网最低价 is named as itself, not as 最低 inside it
    patterns = [p for p in map(_pattern, sorted(terms, key=len, reverse=True)) if p]
    return re.compile("|".join(patterns)) if patterns else None


@dataclass(frozen=True)
class Found:
    term: str  # as it stands in the merchant's text
    start: int
    end: int


def find_terms(text: str, terms: tuple[str, ...]) -> list[Found]:
    """Every absolute term in ``text``, in order, positions in ``text`` itself."""
    matcher = _matcher(terms)
    if not text or matcher is None:
        return []
    # compare in NFKC lower case, remembering where each compared character came from
    folded, origin = [], []
    for index, char in enumerate(text):
        for piece in unicodedata.normalize("NFKC", char).lower():
            folded.append(piece)
            origin.append(index)
    found = []
    compared = "".join(folded)
    for match in matcher.finditer(compared):
        if match.end() == match.start():
            continue
        if match.group() in _FULL and (
            _CONTENT_NEXT.match(compared, match.end())
            or _CONTENT_BEFORE.search(compared, max(0, match.start() - 16), match.start())
        ):
            continue  # 100%棉, 棉100%, 含棉量100%: what the garment is made of
        start, end = origin[match.start()], origin[match.end() - 1] + 1
        found.append(Found(text[start:end], start, end))
    return found


def terms_in(text: str, terms: tuple[str, ...]) -> list[str]:
    """The absolute terms of ``text`` as written there, each once, in order."""
    return list(dict.fromkeys(found.term for found in find_terms(text, terms)))


def marked(text: str, terms: tuple[str, ...], around: int | None = None) -> list[tuple[str, bool]]:
    """``text`` in pieces, each with whether it is an absolute term (for <mark>). With
    ``around``, text between terms is cut to that many characters either side (a long
    description shown as the places that matter)."""
    pieces, at = [], 0
    found_all = find_terms(text, terms)
    for number, found in enumerate(found_all):
        if found.start > at:
            pieces.append((_cut(text[at : found.start], around, first=number == 0), False))
        pieces.append((found.term, True))
        at = found.end
    if at < len(text):
        pieces.append((_cut(text[at:], around, last=True), False))
    return pieces


def _cut(between: str, around: int | None, first: bool = False, last: bool = False) -> str:
    if around is None or len(between) <= 2 * around:
        return between
    if first:
        return "…" + between[-around:]
    if last:
        return between[:around] + "…"
    return between[:around] + " … " + between[-around:]
