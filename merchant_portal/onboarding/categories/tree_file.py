# ruff: noqa: RUF001  (the separators Chinese input methods type)
"""The category tree as a file admins keep (xlsx or CSV), one row per node: its code, its
parent's code, its path (written for reading), its names, whether it is retired, its
attributes and the qualification documents a store needs to sell there.

An attribute is written ``code | 中文名 | English name | kind | unit or options | flags``,
several separated by ";" or a line break. Kinds: text, number (the unit follows), one and
many (options follow, "陶瓷/Ceramic, 塑料/Plastic"). Flags: required, sale.

A file is read whole and checked before anything is written; one problem, no change.
"""

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...csv_files import ImportRejected, RowProblem
from ...tables import read_table
from .kinds import document_kinds, kind_code
from .models import CODE_MAX, NAME_MAX, UNIT_MAX
from .tree import PATH_SEPARATORS, Attribute, Tree, fold

MAX_ROWS = 5000
QUALIFICATION_MAX = 30
COLUMNS = (
    "code",
    "parent",
    "path",
    "name_zh",
    "name_en",
    "retired",
    "attributes",
    "qualifications",
)
REQUIRED = ("code", "name_zh", "name_en")
COLUMN_LABELS = {
    "code": _l("Code"),
    "parent": _l("Parent code"),
    "path": _l("Path"),
    "name_zh": _l("Chinese name"),
    "name_en": _l("English name"),
    "retired": _l("Retired"),
    "attributes": _l("Attributes"),
    "qualifications": _l("Qualifications"),
}
SYNONYMS = {
    "code": ("code", "编码", "类目编码"),
    "parent": ("parent", "parent code", "上级编码", "上级类目编码"),
    "path": ("path", "路径", "类目路径"),
    "name_zh": ("name_zh", "中文名称", "中文名", "chinese name"),
    "name_en": ("name_en", "英文名称", "英文名", "english name"),
    "retired": ("retired", "已停用", "停用"),
    "attributes": ("attributes", "属性"),
    "qualifications": ("qualifications", "资质", "所需资质"),
}
KIND_WORDS = {
    "text": "text", "文本": "text",
    "number": "number", "数字": "number", "数值": "number",
    "one": "one", "单选": "one",
    "many": "many", "多选": "many",
}  # fmt: skip
FLAG_WORDS = {"required": "required", "必填": "required", "sale": "sale", "销售属性": "sale"}
YES = {"yes", "y", "true", "1", "是", "x", "✓"}
NO = {"", "no", "n", "false", "0", "否"}
ATTRIBUTES_APART = re.compile(r"[;；\n]")
LIST_APART = re.compile(r"[,，、]")


@dataclass
class NodeRow:
    row: int
    code: str
    parent: str
    name_zh: str
    name_en: str
    retired: bool
    position: int = 0
    attributes: list[dict] = field(default_factory=list)
    qualifications: list[str] = field(default_factory=list)


def column_code(header: str) -> str | None:
    folded = fold(header).replace("*", "")
    for code, names in SYNONYMS.items():
        if folded in {fold(n) for n in names} | {fold(str(COLUMN_LABELS[code]))}:
            return code
    return None


def parse_attributes(text: str) -> tuple[list[dict], list[str]]:
    """(attributes as stored, problems) from a cell."""
    found, problems, codes = [], [], set()
    for number, part in enumerate(p for p in ATTRIBUTES_APART.split(text or "") if p.strip()):
        fields = [f.strip() for f in part.split("|")]
        if len(fields) < 4:
            problems.append(
                _(
                    "attribute %(n)s (“%(text)s”): write code | Chinese name | English name | "
                    "kind | unit or options | flags",
                    n=number + 1,
                    text=part.strip()[:40],
                )
            )
            continue
        fields += [""] * (6 - len(fields))
        code, zh, en, kind_word, extra, flags = fields[:6]
        said = code or zh or str(number + 1)
        kind = KIND_WORDS.get(fold(kind_word))
        flag_set = {FLAG_WORDS.get(fold(f)) for f in LIST_APART.split(flags) if f.strip()}
        if not code or not zh or not en:
            problems.append(_("attribute “%(name)s”: give its code and both names", name=said))
        elif max(len(code), len(zh), len(en)) > NAME_MAX:
            problems.append(
                _("attribute “%(name)s”: at most %(max)s characters", name=said, max=NAME_MAX)
            )
        elif code in codes:
            problems.append(_("attribute “%(name)s” is there twice", name=said))
        codes.add(code)
        if kind is None:
            problems.append(
                _(
                    "attribute “%(name)s”: the kind “%(kind)s” is not one of text, number, "
                    "one, many",
                    name=said,
                    kind=kind_word,
                )
            )
            continue
        if None in flag_set:
            problems.append(
                _(
                    "attribute “%(name)s”: flags are required and sale (“%(flags)s”)",
                    name=said,
                    flags=flags,
                )
            )
        options = []
        if kind in ("one", "many"):
            options, option_problems = _options(extra, said)
            problems += option_problems
            if not options:
                problems.append(
                    _("attribute “%(name)s”: list its options, like 陶瓷/Ceramic, 塑料/Plastic",
                      name=said)
                )  # fmt: skip
        elif kind == "number" and len(extra) > UNIT_MAX:
            problems.append(
                _("attribute “%(name)s”: a unit of at most %(max)s characters", name=said,
                  max=UNIT_MAX)
            )  # fmt: skip
        found.append(
            {
                "code": code,
                "name_zh": zh,
                "name_en": en,
                "kind": kind,
                "unit": extra if kind == "number" else "",
                "options": options,
                "required": "required" in flag_set,
                "sale": "sale" in flag_set,
            }
        )
    return found, problems


def _options(text: str, said: str) -> tuple[list[dict], list[str]]:
    """An attribute's options, each named like the attribute itself: a Chinese name (the value
    stored), no name past NAME_MAX, none twice. "/Ceramic" made an option shown blank in
    Chinese and stored as an empty value; "a/A, a/A" listed one choice twice."""
    options, problems, seen = [], [], set()
    for option in (o.strip() for o in LIST_APART.split(text) if o.strip()):
        option_zh, _slash, option_en = option.partition("/")
        zh, en = option_zh.strip(), option_en.strip() or option_zh.strip()
        shown = option[:40]
        if not zh:
            problems.append(
                _("attribute “%(name)s”: the option “%(option)s” needs a Chinese name",
                  name=said, option=shown)
            )  # fmt: skip
        elif max(len(zh), len(en)) > NAME_MAX:
            problems.append(
                _("attribute “%(name)s”: the option “%(option)s” has more than %(max)s "
                  "characters", name=said, option=shown, max=NAME_MAX)
            )  # fmt: skip
        elif {fold(zh), fold(en)} & seen:
            problems.append(
                _("attribute “%(name)s”: the option “%(option)s” is there twice",
                  name=said, option=shown)
            )  # fmt: skip
        seen |= {fold(zh), fold(en)}
        options.append({"zh": zh, "en": en})
    return options, problems


def attributes_cell(attributes: list[Attribute]) -> str:
    parts = []
    for a in attributes:
        extra = a.unit if a.kind == "number" else ", ".join(f"{o.zh}/{o.en}" for o in a.options)
        flags = ", ".join(f for f, on in (("required", a.required), ("sale", a.sale)) if on)
        parts.append(" | ".join((a.code, a.name_zh, a.name_en, a.kind, extra, flags)))
    return ";\n".join(parts)


def _header(cells: list[str]) -> tuple[dict[int, str], dict[str, str]]:
    columns, said = {}, {}
    for position, cell in enumerate(cells):
        code = column_code(cell or "")
        if code and code not in said:
            columns[position] = code
            said[code] = (cell or "").strip()
    missing = [str(COLUMN_LABELS[c]) for c in REQUIRED if c not in said]
    if missing:
        raise ImportRejected(
            [
                RowProblem(
                    1,
                    _("header"),
                    _("the file needs the columns %(columns)s", columns=_(", ").join(missing)),
                )
            ]
        )
    return columns, said


def parse_tree_file(raw: bytes, tree: Tree) -> list[NodeRow]:
    """Every row read and checked against the file itself and the tree as it is."""
    rows, problems, columns, said = [], [], None, {}
    for number, cells in read_table(raw, MAX_ROWS):
        if columns is None:
            columns, said = _header(cells)
            continue
        if number - 1 > MAX_ROWS:
            raise ImportRejected(
                [RowProblem(number, _("file"), _("at most %(max)s rows", max=MAX_ROWS))]
            )
        record = {code: "" for code in COLUMNS}
        for position, code in columns.items():
            record[code] = (cells[position] if position < len(cells) else "").strip()
        if not any(record.values()):
            continue
        row, found = _row(number, record)
        rows.append(row)
        problems += [RowProblem(number, said.get(c, str(COLUMN_LABELS[c])), m) for c, m in found]
    if columns is None or not rows:
        raise ImportRejected([RowProblem(2, _("file"), _("the file has no categories"))])
    problems += _whole(rows, tree, said)
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: p.row))
    return rows


def _row(number: int, record: dict) -> tuple[NodeRow, list[tuple[str, str]]]:
    problems = []
    for code in REQUIRED:
        if not record[code]:
            problems.append((code, _("This cell must be filled.")))
    if len(record["code"]) > CODE_MAX:
        problems.append(("code", _("At most %(max)s characters.", max=CODE_MAX)))
    # the mark found is named: the list of them grew (GBK's ?, a Chinese keyboard's marks)
    if mark := PATH_SEPARATORS.search(record["code"]):
        problems.append(("code", _("A code cannot hold “%(mark)s”.", mark=mark.group(0))))
    for name in ("name_zh", "name_en"):
        if len(record[name]) > NAME_MAX:
            problems.append((name, _("At most %(max)s characters.", max=NAME_MAX)))
        elif mark := PATH_SEPARATORS.search(record[name]):
            problems.append(
                (
                    name,
                    _(
                        "A name cannot hold “%(mark)s”: files write it between the levels of "
                        "a category's path.",
                        mark=mark.group(0),
                    ),
                )
            )
    retired = fold(record["retired"])
    if retired not in YES | NO:
        problems.append(("retired", _("Write yes or leave it empty.")))
    attributes, attribute_problems = parse_attributes(record["attributes"])
    problems += [("attributes", p) for p in attribute_problems]
    qualifications = [q.strip() for q in LIST_APART.split(record["qualifications"]) if q.strip()]
    if any(len(q) > QUALIFICATION_MAX for q in qualifications):
        problems.append(
            ("qualifications", _("At most %(max)s characters each.", max=QUALIFICATION_MAX))
        )
    else:  # a document named in either language (食品经营许可证) is stored by its code
        codes = [kind_code(q) for q in qualifications]
        unknown = [q for q, code in zip(qualifications, codes, strict=True) if code is None]
        if unknown:
            problems.append(
                (
                    "qualifications",
                    _(
                        "No such qualification document: %(names)s. Known: %(known)s.",
                        names=_(", ").join(unknown),
                        known=_(", ").join(k.label for k in document_kinds().values()),
                    ),
                )
            )
        qualifications = [code or q for q, code in zip(qualifications, codes, strict=True)]
    row = NodeRow(
        row=number,
        code=record["code"],
        parent=record["parent"],
        name_zh=record["name_zh"],
        name_en=record["name_en"],
        retired=retired in YES,
        attributes=attributes,
        qualifications=qualifications,
    )
    return row, problems


def _whole(rows: list[NodeRow], tree: Tree, said: dict) -> list[RowProblem]:
    """What only the file as a whole tells: a code twice, a parent nowhere, a loop, a node
    both parent and holder of attributes. Positions follow the file's order."""

    def at(row, column, message):
        return RowProblem(row.row, said.get(column, str(COLUMN_LABELS[column])), message)

    problems, first = [], {}
    for row in rows:
        if row.code in first:
            problems.append(
                at(row, "code", _("“%(code)s” is on row %(row)s already.", code=row.code,
                                  row=first[row.code]))
            )  # fmt: skip
        first.setdefault(row.code, row.row)
    parents = {n.code: (n.parent.code if n.parent else "") for n in tree.walk()}
    parents |= {row.code: row.parent for row in rows}
    siblings: dict[str, int] = {}
    for row in rows:
        row.position = siblings.get(row.parent, 0)
        siblings[row.parent] = row.position + 1
        if row.parent and row.parent not in parents:
            problems.append(at(row, "parent", _("No category has the code “%(code)s”.",
                                                code=row.parent)))  # fmt: skip
            continue
        seen, code = set(), row.code
        while code and code not in seen:
            seen.add(code)
            code = parents.get(code, "")
        if code:
            problems.append(at(row, "parent", _("This would put the category under itself.")))
    has_children = {parent for parent in parents.values() if parent}
    for row in rows:
        if row.attributes and row.code in has_children:
            problems.append(
                at(row, "attributes",
                   _("Only a category without categories under it has attributes."))
            )  # fmt: skip
    return problems
