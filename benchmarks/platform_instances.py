"""Seeded platform instances: N merchants, 50 placements, each merchant on about 2/3 of them;
or, with ``dense``, the issue's dense market (each merchant on about 70% of them)."""

import json
import random
import sys

PLACEMENTS = 50


def generate(
    merchants: int,
    seed: int = 2026,
    placements: int = PLACEMENTS,
    saturated: bool = False,
    dense: bool = False,
) -> dict:
    """The linear instance, or with ``saturated`` the same one with diminishing returns: every
    placement saturates, and a third of the rates have a half spend of their own. ``dense``:
    the dense market instead (``dense_market``)."""
    if dense:
        return dense_market(merchants, seed, placements, saturated)
    rng = random.Random(seed)
    catalogue = []
    for index in range(placements):
        cpm = index % 4 == 3
        item = {
            "id": f"placement_{index:02d}",
            "pricing": "cpm" if cpm else "cpc",
            "price": round(rng.uniform(4, 25), 2) if cpm else round(rng.uniform(0.15, 2.5), 2),
        }
        if cpm:
            item["ctr"] = round(rng.uniform(0.002, 0.02), 4)
        # inventory scaled with the marketplace so capacities bind for some placements
        per_merchant = rng.uniform(20, 400) * (1000 if cpm else 1)
        item["capacity"] = round(per_merchant * merchants * rng.uniform(0.05, 0.6))
        if saturated:
            item["saturation"] = {"half_spend": round(rng.uniform(300, 5000), 2)}
        catalogue.append(item)

    sellers = []
    for index in range(merchants):
        chosen = rng.sample(catalogue, k=round(placements * rng.uniform(0.5, 0.83)))
        rates = {}
        for placement in chosen:
            rate = {
                "cvr": round(rng.uniform(0.005, 0.09), 4),
                "aov": round(rng.uniform(15, 250), 2),
            }
            if placement["pricing"] == "cpm" and rng.random() < 0.3:
                rate["ctr"] = round(rng.uniform(0.002, 0.03), 4)
            if saturated and rng.random() < 0.33:
                rate["half_spend"] = round(rng.uniform(200, 8000), 2)
            rates[placement["id"]] = rate
        seller = {
            "id": f"m{index:05d}",
            "budget": round(rng.uniform(200, 20000), 2),
            "rates": rates,
        }
        if rng.random() < 0.4:
            seller["min_roas"] = round(rng.uniform(1.5, 6), 2)
        sellers.append(seller)
    return {"objective": "revenue", "placements": catalogue, "merchants": sellers}


def dense_market(
    merchants: int, seed: int = 2026, placements: int = PLACEMENTS, saturated: bool = False
) -> dict:
    """Issue 25's dense market: rates on about 70% of the merchant x placement pairs, ROAS
    floors on a fifth of the merchants, each capacity about 40% of what the budgets could buy
    there (every budget spread evenly over its merchant's placements). With ``saturated``,
    three rates in four have a half spend of their own and a quarter stay linear; without, it
    is the linear version of the same market (same draws, half spends left out)."""
    rng = random.Random(seed)
    catalogue, units = [], []
    for index in range(placements):
        cpm = index % 4 == 3
        price = round(rng.uniform(4, 25), 2) if cpm else round(rng.uniform(0.15, 2.5), 2)
        item = {"id": f"placement_{index:02d}", "pricing": "cpm" if cpm else "cpc", "price": price}
        if cpm:
            item["ctr"] = round(rng.uniform(0.002, 0.02), 4)
        catalogue.append(item)
        units.append((1000.0 if cpm else 1.0) / price)
    sellers, demand = [], [0.0] * placements
    for index in range(merchants):
        chosen = [p for p in range(placements) if rng.random() < 0.7] or [rng.randrange(placements)]
        budget = round(rng.uniform(200, 20000), 2)
        rates = {}
        for p in chosen:
            rate = {
                "cvr": round(rng.uniform(0.005, 0.09), 4),
                "aov": round(rng.uniform(15, 250), 2),
            }
            if catalogue[p]["pricing"] == "cpm" and rng.random() < 0.3:
                rate["ctr"] = round(rng.uniform(0.002, 0.03), 4)
            linear = rng.random() < 0.25
            half_spend = round(rng.uniform(200, 8000), 2)  # drawn either way: same market
            if saturated and not linear:
                rate["half_spend"] = half_spend
            rates[catalogue[p]["id"]] = rate
            demand[p] += budget / len(chosen) * units[p]
        seller = {"id": f"m{index:05d}", "budget": budget, "rates": rates}
        if rng.random() < 0.2:
            seller["min_roas"] = round(rng.uniform(1.5, 6), 2)
        sellers.append(seller)
    for item, wanted in zip(catalogue, demand, strict=True):
        item["capacity"] = round(0.4 * wanted * rng.uniform(0.8, 1.2))
    return {"objective": "revenue", "placements": catalogue, "merchants": sellers}


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    flags = sys.argv[2:]
    json.dump(
        generate(count, saturated="--saturated" in flags, dense="--dense" in flags), sys.stdout
    )
