"""Words merchants type for a category that the tree names otherwise: 服装 for 服饰, 短袖 for
T恤. The editor's category search (portal.js) finds a leaf by these too."""

# a word in a category's path (either language) -> what merchants also call it
ALSO_CALLED = {
    "服饰": ("服装", "衣服"),
    "女装": ("女士", "women"),
    "男装": ("男士", "men"),
    "T恤": ("短袖", "体恤", "tee"),
    "连衣裙": ("裙子", "dress"),
    "手机": ("phone", "mobile"),
    "母婴": ("婴儿", "宝宝", "baby"),
    "美妆": ("化妆品", "彩妆"),
    "数码": ("电子", "电器"),
    "食品": ("零食", "吃的"),
}


def also_called(path: str) -> str:
    """The other names of the words in ``path``, space-separated (empty when none)."""
    return " ".join(word for key, words in ALSO_CALLED.items() if key in path for word in words)
