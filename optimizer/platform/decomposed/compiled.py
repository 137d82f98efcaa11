"""The merchants' kernels as ``dual`` calls them: built ahead of time where ``make install``
built them (``ahead``), else compiled just in time by numba.

Just in time, the kernels cost a process about half a second before its first merchant is
solved (importing numba 0.2 s, loading the cached machine code into its compiler 0.3 s): a
third of a whole plan of issue 25's dense market (3,000 merchants x 50 placements, 1.8 s).
The module built ahead is plain machine code behind a Python wrapper, and imports with numpy
alone. Its name carries a digest of the kernels' source, so an edited kernel never runs from
a stale build; then, and for arrays of a type it was not built for (read-only arrays from
Ray's object store), the kernels are compiled just in time, as before.

Built ahead, the kernels run about a fifth slower than numba's own (0.045 s against 0.037 s a
solve of 660,000 rates on one thread; host processor features made no difference): past
``AHEAD_MAX_RATES`` rates in one call the half second saved no longer pays for it.
"""

import hashlib
import importlib
from pathlib import Path

KERNELS = {"solve_merchants": "kernel", "recover": "kernel", "tight_bound": "bound"}
# a shard of 330,000 rates (20,000 merchants x 2/3 of 50 placements, two threads) broke even
AHEAD_MAX_RATES = 300_000
PLACEMENT_TYPES = ("i4", "i8")  # int32 in the partitioned run's workers, int64 elsewhere
HERE = Path(__file__).resolve().parent


def module_name() -> str:
    digest = hashlib.sha256()
    for source in sorted(set(KERNELS.values())):
        digest.update((HERE / f"{source}.py").read_bytes())
    return f"_ahead_{digest.hexdigest()[:16]}"


def _built():
    try:
        return importlib.import_module(f".{module_name()}", __package__)
    except ImportError:
        return None


BUILT = _built()


def _just_in_time(name: str):
    module = importlib.import_module(f".{KERNELS[name]}", __package__)  # numba loads here
    return getattr(module, name)


def _kernel(name: str):
    def run(starts, placement, *arrays):
        built = getattr(BUILT, f"{name}_{placement.dtype.str[1:]}", None)
        if built is not None and len(placement) <= AHEAD_MAX_RATES:
            try:
                return built(starts, placement, *arrays)
            except TypeError:  # the wrapper refuses the arguments before any work is done
                pass
        return _just_in_time(name)(starts, placement, *arrays)

    run.__name__ = name
    return run


solve_merchants = _kernel("solve_merchants")
recover = _kernel("recover")
tight_bound = _kernel("tight_bound")
