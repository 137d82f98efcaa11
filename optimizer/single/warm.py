"""Compile the constrained plan's Newton steps into numba's cache (``python -m
optimizer.single.warm``, run by ``make install``): compiled cold, the first constrained plan
in a fresh checkout took about 8 s of CPU, the merchant who asked for it waiting; from the
cache a process loads them in about half a second."""

from . import parse_plan_request, plan

# three saturating placements, a group held to a share: the steps' path, not the closed form
REQUEST = {
    "budget": 3000.0,
    "objective": "revenue",
    "placements": [
        {"id": "search", "pricing": "cpc", "price": 0.8, "cvr": 0.04, "aov": 60.0,
         "saturation": {"half_spend": 2000}, "group": "search"},
        {"id": "feed", "pricing": "cpm", "price": 10.0, "ctr": 0.01, "cvr": 0.02, "aov": 80.0,
         "saturation": {"half_spend": 3000}, "group": "display"},
        {"id": "video", "pricing": "cpc", "price": 1.2, "cvr": 0.05, "aov": 50.0,
         "saturation": {"half_spend": 1500}, "group": "display"},
    ],
    "groups": {"search": {"max_share": 0.3}},
}  # fmt: skip


def main() -> None:
    plan(parse_plan_request(REQUEST))


if __name__ == "__main__":
    main()
