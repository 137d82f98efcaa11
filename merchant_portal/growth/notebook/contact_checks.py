"""Light checks on how to reach a merchant, as Chinese numbers are written: a mobile
(138 0013 8000, +86 138-0013-8000, 0086…), a landline with its area code (010-12345678,
0755 8888 6666, with an extension after 转 or ext), or a WeChat ID (6 to 20 characters, a letter
first, then letters, digits, _ or -; a mobile number also finds a WeChat account)."""

import re
import unicodedata

MOBILE = re.compile(r"1[3-9]\d{9}")
LANDLINE = re.compile(r"0[1-9]\d{1,2}\d{7,8}")
EXTENSION = re.compile(r"(?:转|ext\.?|x|#)\s*(\d{1,6})$", re.IGNORECASE)
WECHAT_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{5,19}")


def _digits_of(text: str) -> str:
    # NFKC first: full-width digits and brackets become ASCII
    return re.sub(r"[\s\-()]", "", unicodedata.normalize("NFKC", text))


def normal_phone(text: str) -> str | None:
    """The number in one form (13800138000, 010-12345678, 010-12345678 转 123), or None
    when it is not a Chinese mobile or landline number."""
    text = unicodedata.normalize("NFKC", text).strip()
    extension = EXTENSION.search(text)
    if extension:
        text = text[: extension.start()]
    digits = _digits_of(text)
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix):
            rest = digits[len(prefix) :]
            if MOBILE.fullmatch(rest):
                digits = rest
            elif LANDLINE.fullmatch("0" + rest.removeprefix("0")):
                digits = "0" + rest.removeprefix("0")
            break
    if MOBILE.fullmatch(digits):
        return digits if not extension else None
    if LANDLINE.fullmatch(digits):
        area = 3 if digits[1] in "12" else 4  # 010, 020 to 029 have three digits; others four
        number = f"{digits[:area]}-{digits[area:]}"
        if len(digits) - area not in (7, 8):
            return None
        return f"{number} 转 {extension.group(1)}" if extension else number
    return None


def normal_wechat(text: str) -> str | None:
    text = unicodedata.normalize("NFKC", text).strip()
    if WECHAT_ID.fullmatch(text):
        return text
    phone = normal_phone(text)
    return phone if phone and MOBILE.fullmatch(phone) else None
