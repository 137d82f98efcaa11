"""``python -m benchmarks``: every benchmark, each with its baseline measured in the same run."""

from . import plan_speed


def main() -> None:
    plan_speed.main()


main()
