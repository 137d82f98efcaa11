"""The optimizer's binding constraints, said the way a planner would say them."""


def binding_in_words(result: dict, request: dict, placements: dict) -> list[str]:
    def name(code: str) -> str:
        return placements[code].name if code in placements else code

    price = result.get("shadow_prices", {}).get("budget", 0)
    words = []
    for constraint in result.get("binding", []):
        if constraint == "budget":
            words.append(
                f"The whole budget is used: one more unit of budget would bring {price:.2f} more."
            )
        elif constraint == "min_roas":
            floor = request.get("min_roas", 0)
            words.append(f"The ROAS floor of {floor:g} holds exactly: more spend would break it.")
        elif constraint.startswith("groups."):
            _, channel, bound = constraint.split(".")
            side = "maximum" if bound == "max_share" else "minimum"
            words.append(f"The {channel} channel is at its {side} share of the spend.")
        else:
            code, _, what = constraint.rpartition(".")
            words.append(
                {
                    "max_spend": f"{name(code)} is at the maximum spend you set.",
                    "min_spend": f"{name(code)} is held at the minimum spend you set.",
                    "capacity": f"{name(code)} has no more inventory to sell.",
                    "curve_end": f"{name(code)} is at the end of its measured response curve.",
                }.get(what, constraint)
            )
    return words
