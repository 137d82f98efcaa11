"""Build the merchants' kernels ahead of time (``python -m
optimizer.platform.decomposed.ahead``, run by ``make install``): see ``compiled``.

numba's pycc compiles the very functions of ``kernel`` and ``bound`` for the types the
engines pass, one export per placement index type, for the processor family (x86-64), not
this machine's own: the build sits in the source tree, which may be copied to another
machine, and host features made no difference to its speed. Builds of older sources are
removed.
"""

import importlib
import warnings

from . import compiled

ARRAY = "f8[:]"
SIGNATURES = {  # after (starts, placement): the float arrays, as ``dual`` passes them
    "solve_merchants": ("Tuple((f8, f8[:]))", 13),
    "recover": ("f8", 8),
    "tight_bound": ("f8", 8),
}


def _releasing_the_gil(pycc_compiler) -> None:
    """pycc's exports hold the GIL by default; the local engine runs shards on threads and
    the just-in-time kernels (``nogil``) let them run side by side, so these must too."""

    class Flags(pycc_compiler.Flags):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.release_gil = True

    pycc_compiler.Flags = Flags


def main() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pycc announces its own deprecation
        from numba.pycc import CC, compiler
    _releasing_the_gil(compiler)
    for old in compiled.HERE.glob("_ahead_*"):
        old.unlink()
    cc = CC(compiled.module_name())
    cc.output_dir = str(compiled.HERE)
    cc.verbose = False
    for name, (returns, floats) in SIGNATURES.items():
        function = getattr(importlib.import_module(f".{compiled.KERNELS[name]}", __package__), name)
        for index in compiled.PLACEMENT_TYPES:
            arguments = ", ".join(["i8[:]", f"{index}[:]", *[ARRAY] * floats])
            cc.export(f"{name}_{index}", f"{returns}({arguments})")(function.py_func)
    cc.compile()


if __name__ == "__main__":
    main()
