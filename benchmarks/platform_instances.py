"""Seeded platform instances: N merchants, 50 placements, each merchant on about 2/3 of them."""

import json
import random
import sys

PLACEMENTS = 50


def generate(
    merchants: int, seed: int = 2026, placements: int = PLACEMENTS, saturated: bool = False
) -> dict:
    """The linear instance, or with ``saturated`` the same one with diminishing returns: every
    placement saturates, and a third of the rates have a half spend of their own."""
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


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    json.dump(generate(count), sys.stdout)
