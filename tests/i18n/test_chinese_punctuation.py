"""Chinese messages use Chinese punctuation: a half-width ":" or "," beside a Chinese character
reads as a typo on a Chinese page; the catalogue is checked for them here."""

import re

from .test_catalogues import chinese

CJK = r"[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]"
HALF_WIDTH_BESIDE_CHINESE = re.compile(rf"{CJK}\s*[:,]|[:,]\s*{CJK}")
# what the reader types is quoted as typed: “花费, 点击” is the format of a curve's rows
QUOTED = re.compile(r"“[^”]*”")


def test_chinese_messages_use_full_width_colons_and_commas():
    wrong = {}
    for message in chinese():
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            found = HALF_WIDTH_BESIDE_CHINESE.search(QUOTED.sub("“”", string or ""))
            if found:
                wrong[string] = found.group(0)
    assert not wrong, f"use ： and ， in these zh_Hans messages: {wrong}"
