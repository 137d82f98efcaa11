"""``python -m benchmarks``: every benchmark, each with its baseline measured in the same run.

The 20,000-merchant platform instance takes minutes per program; run it on its own with
``python -m benchmarks.platform_speed 20000 --repeat 1``.
"""

from . import plan_speed, platform_speed, review_pages


def main() -> None:
    plan_speed.main()
    print()
    platform_speed.main(["3000", "--repeat", "3"])
    print()
    review_pages.main()


main()
