"""The platform plan by decomposition over merchants: price search (``prices``), each merchant's
own problem in closed form (``dual``, compiled in ``kernel`` and ``bound`` with numba), the
Dantzig-Wolfe master, and the Ray engine. Nothing here is imported by the exact path."""
