"""Chinese messages use Chinese punctuation: a half-width ":", ",", ";", "?", "!" or a pair of
half-width parentheses beside or around Chinese text reads as a typo on a Chinese page; the
catalogue is checked for them here."""

import re

from .test_catalogues import chinese

CJK = r"[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]"
HAN = r"[\u3400-\u9fff]"
HALF_WIDTH_BESIDE_CHINESE = re.compile(rf"{CJK}\s*[:,;?!]|[:,;?!]\s*{CJK}")
# 库存(件), 按点击付费(CPC), (不含运费): half-width parentheses at or around Chinese
HALF_WIDTH_PARENTHESES = re.compile(rf"{HAN}\s*\(|\)\s*{HAN}|\([^()]*{HAN}[^()]*\)")
# what the reader types is quoted as typed: “花费, 点击” is the format of a curve's rows
QUOTED = re.compile(r"“[^”]*”")
# %(name)s is a placeholder, not a parenthesis; {file} likewise; URLs and times keep ASCII
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]?\d*(?:\.\d+)?[sdifr]|\{\w+\}|https?://\S+|\d+:\d+")


def wrong_punctuation(string: str) -> str | None:
    plain = PLACEHOLDER.sub("X", QUOTED.sub("“”", string or ""))
    for check in (HALF_WIDTH_BESIDE_CHINESE, HALF_WIDTH_PARENTHESES):
        found = check.search(plain)
        if found:
            return found.group(0)
    return None


def test_the_check_finds_what_a_reader_would():
    assert wrong_punctuation("库存(件)") and wrong_punctuation("按点击付费(CPC)")
    assert wrong_punctuation("已保存;请稍候") and wrong_punctuation("确定删除?")
    assert wrong_punctuation("（%(num)s 件）") is None, "a placeholder is no parenthesis"
    assert wrong_punctuation("库存（件）") is None


def test_chinese_messages_use_full_width_punctuation():
    wrong = {}
    for message in chinese():
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            found = wrong_punctuation(string)
            if found:
                wrong[string] = found
    assert not wrong, f"use ： ， ； ？ ！ （ ） in these zh_Hans messages: {wrong}"
