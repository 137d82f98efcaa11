"""The platform plan: every merchant's budget over the placements' shared inventory
(OPTIMIZER.md section 3). ``exact/`` solves the whole programme (sifting, chords);
``decomposed/`` coordinates the merchants by prices (the compiled kernels, the Dantzig-Wolfe
master, Ray). ``parquet`` reads and writes the data platform's form (pyarrow: imported on use).

request = parse_platform_request(json_data)   # or parquet.read_platform_directory(path)
result = platform_plan(request)
"""

from .planning import PlatformResult, platform_plan
from .validation import PlatformRequest, parse_platform_request

__all__ = ["PlatformRequest", "PlatformResult", "parse_platform_request", "platform_plan"]
