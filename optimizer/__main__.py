import gc

# Starting up, this process makes millions of objects that live to its end (the JSON
# request, its arrays' sources, numba's and SciPy's modules), and the cycle collector
# scanned them again and again: 0.13 s of 1.46 at 3,000 merchants x 50 placements. It is
# off until the request is read (``cli._started``).
gc.disable()

from .cli import main  # noqa: E402  (imported with the collector off too)

main()
