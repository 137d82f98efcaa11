"""One BLAS thread for the price search: its linear algebra is a few dozen numbers wide.

SciPy's L-BFGS-B calls OpenBLAS on matrices of twice its memory (20 x 20) at every step, and
OpenBLAS wakes its thread pool for each call. On a busy machine the woken threads spin for a
core they do not get: at 3,000 merchants x 50 placements with the machine's load at 20, the
price search took 3.3 s of CPU (1.0 s inside L-BFGS-B) and 18 s of wall time, against 1.6 s
and 5 s on one thread. ``openblas_set_num_threads_local`` (OpenBLAS 0.3.27+) sets this
thread's count only, so nothing else in the process is touched; without it (another BLAS,
another system) nothing changes.
"""

import contextlib
import ctypes
import os


def _openblas_libraries() -> list[ctypes.CDLL]:
    """The OpenBLAS libraries loaded in this process (NumPy and SciPy each bring one)."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = {line.split()[-1] for line in maps if "openblas" in line.lower()}
    except OSError:
        return []
    libraries = []
    for path in sorted(p for p in paths if os.path.basename(p).startswith("lib")):
        with contextlib.suppress(OSError):
            libraries.append(ctypes.CDLL(path, mode=os.RTLD_NOLOAD | os.RTLD_LOCAL))
    return libraries


@contextlib.contextmanager
def one_blas_thread():
    setters = []
    for library in _openblas_libraries():
        setter = getattr(library, "openblas_set_num_threads_local", None)
        if setter is not None:
            setter.argtypes, setter.restype = [ctypes.c_int], ctypes.c_int
            setters.append(setter)
    previous = [setter(1) for setter in setters]
    try:
        yield
    finally:
        for setter, count in zip(setters, previous, strict=True):
            setter(count)
