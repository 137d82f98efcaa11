"""Whether a platform SOURCE is a partitioned dataset, told from its name and folders alone.

Apart from ``source`` so that asking costs no import of pyarrow: every JSON request asks,
and pyarrow.dataset took 0.2 s of CPU to import, a tenth of a 3,000-merchant plan."""

import os


def is_remote(source: str) -> bool:
    return "://" in source


def is_partitioned(source: str) -> bool:
    """An object store's URI, or a local directory whose rates are a folder of files."""
    return is_remote(source) or os.path.isdir(os.path.join(source, "rates"))
