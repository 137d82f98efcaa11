"""The merchants' kernels as ``dual`` calls them: built ahead of time where ``make install``
built them (``ahead``), else compiled just in time by numba.

Just in time, the kernels cost a process about half a second before its first merchant is
solved (importing numba 0.2 s, loading the cached machine code into its compiler 0.3 s): a
third of a whole plan of issue 25's dense market (3,000 merchants x 50 placements, 1.8 s).
The module built ahead is plain machine code behind a Python wrapper, and imports with numpy
alone. Its name carries a digest of the kernels' source, so an edited kernel never runs from
a stale build; then, and for arrays of any other type than it was built for (read-only
arrays from Ray's object store, float32, another byte order: ``_built_for``), the kernels are
compiled just in time, as before.

Built for the processor family (x86-64), the kernels solve as fast as numba's own (0.037 s
a solve of 660,000 rates on one thread, both); built for this machine's model by name, they
took 0.045 s.
"""

import hashlib
import importlib
from pathlib import Path

import numpy as np

KERNELS = {"solve_merchants": "kernel", "recover": "kernel", "tight_bound": "bound"}
OUTPUTS = {"solve_merchants": 3, "recover": 1, "tight_bound": 0}  # arrays written, last
PLACEMENT_TYPES = ("i4", "i8")  # int32 in the partitioned run's workers, int64 elsewhere
HERE = Path(__file__).resolve().parent
INT64, FLOAT64 = np.dtype("=i8"), np.dtype("=f8")  # native byte order
PLACEMENT_DTYPES = (np.dtype("=i4"), INT64)


def module_name() -> str:
    digest = hashlib.sha256()
    for source in [*sorted(set(KERNELS.values())), "ahead"]:  # the build's own recipe too
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


def _built_for(arrays, placement, outputs: int = 0) -> bool:
    """The built code reads its arguments as the types it was built for, unchecked: another
    width crashed the process, another type of the same width was read as its bits, and a
    read-only output was written. So only the very types (native byte order; the last
    ``outputs`` arrays, which the kernel writes, writable) reach it."""
    if placement.dtype not in PLACEMENT_DTYPES:
        return False
    starts, *floats = arrays
    return (
        type(starts) is np.ndarray and starts.dtype == INT64 and starts.ndim == 1
        and all(type(a) is np.ndarray and a.dtype == FLOAT64 and a.ndim == 1 for a in floats)
        and all(a.flags.writeable for a in floats[len(floats) - outputs:])
    )  # fmt: skip


def _kernel(name: str):
    def run(starts, placement, *arrays):
        built = getattr(BUILT, f"{name}_{placement.dtype.str[1:]}", None)
        if built is not None and _built_for((starts, *arrays), placement, OUTPUTS[name]):
            return built(starts, placement, *arrays)
        return _just_in_time(name)(starts, placement, *arrays)

    run.__name__ = name
    return run


solve_merchants = _kernel("solve_merchants")
recover = _kernel("recover")
tight_bound = _kernel("tight_bound")
