"""The one door to the solvers: HiGHS (``highs``, arrays in, the only highspy importer) and
PuLP (``modelling``: the model of record, its LP file and PuLP's bundled CBC, the only pulp
importer). This package imports neither at start: the exact platform path needs no PuLP."""

SOLVERS = ("highs", "cbc")  # HiGHS through highspy, or PuLP's bundled CBC


def constraint_name(text: str) -> str:
    """PuLP (and the LP file format) allow only some characters in names."""
    if text.replace("_", "").replace(".", "").isalnum():  # the usual name: nothing to replace
        return text
    return "".join(c if c.isalnum() or c in "_." else "_" for c in text)
