"""Chinese messages follow the glossary's terms (docs/glossary.md): a merchant is addressed as 您,
never 你 (a merchant's product page said "你的修改"), and a plan is a 方案, never a 计划 (the
compare page headed "计划 #2" beside "投放方案" everywhere else)."""

import re

from .test_catalogues import chinese

RULES = {
    "你": "address the reader as 您",
    "计划 #": "a plan is a 方案 (方案 #%(id)s)",
}


def test_chinese_messages_use_the_glossary_s_terms():
    wrong = {}
    for message in chinese():
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            for term, why in RULES.items():
                if re.search(re.escape(term), string or ""):
                    wrong[string] = why
    assert not wrong, f"zh_Hans messages against the glossary: {wrong}"
