"""Each merchant's own problem at given inventory prices, in closed form, for many at once.

With the placements' capacity prices π fixed, the platform plan falls apart into one small
problem per merchant m:

    maximise  Σ_p value_mp(s_mp) - π_p · units_mp · s_mp
    subject to Σ_p s_mp ≤ budget_m,   Σ_p revenue_mp(s_mp) ≥ min_roas_m · Σ_p s_mp

value = w · revenue, with w = 1 (revenue objective) or 1 / aov (conversions), and
revenue_mp(s) = a·h·s/(h + s) (a: revenue per unit of spend before saturation, h: half spend).
With a multiplier λ for the budget and μ for the ROAS floor, each placement's spend is where
its marginal return meets its price: s = h·(√(A/c) - 1)₊ with A = a·(w + μ) and
c = π·units + λ + μ·min_roas, and the best value of that term is h·(√A - √c)₊². So for any
λ, μ ≥ 0 the merchant's value is at most λ·budget + Σ_p h·(√A - √c)₊² (weak duality): that is
the merchant's share of the certified bound. λ is found by Newton's method on the total spend,
which is convex and decreasing in λ (so Newton from below never overshoots); μ, where the
floor binds, by the Illinois method on the floor's margin. ``kernel`` runs those
iterations merchant by merchant, compiled (``compiled``: ahead of time where built).

A linear rate (no saturation) has no interior optimum: at given prices a merchant puts all or
nothing on it. The spend is computed on a slightly saturated stand-in (h = budget x 10⁴, worth at
least 99.99% of the linear response at any spend within the budget) so that spends move
continuously with the prices; the bound uses the linear rate itself (λ is raised until no
linear term pays, which keeps the bound valid).
"""

from dataclasses import dataclass

import numpy as np

from .compiled import recover, solve_merchants, tight_bound

LINEAR_STAND_IN = 1e4  # a linear rate's stand-in half spend, in budgets


@dataclass
class Shard:
    """Some merchants' rates as flat arrays (one entry per merchant and placement, grouped by
    merchant), their spends at the last prices solved, and their multipliers."""

    merchant: np.ndarray  # per rate: merchant index within the shard (non-decreasing)
    placement: np.ndarray  # per rate: placement index
    revenue_rate: np.ndarray  # a: revenue per unit of spend before saturation
    weight: np.ndarray  # w: objective value per unit of revenue (a 0-stride view where all 1)
    units: np.ndarray  # per placement: units (clicks or impressions) per unit of spend
    half_spend: np.ndarray  # inf: linear
    budget: np.ndarray  # per merchant
    min_roas: np.ndarray  # per merchant, 0 where none
    spend: np.ndarray | None = None
    budget_price: np.ndarray | None = None  # λ per merchant at the last prices (a warm start)
    floor_price: np.ndarray | None = None  # μ likewise
    # per rate: the most spend the placement's whole capacity can take (inf: uncapped)
    usable: np.ndarray | None = None

    def __post_init__(self) -> None:
        linear = ~np.isfinite(self.half_spend)
        # a linear rate's stand-in half spend (see the module's docstring), in spend the rate
        # can use: no more than the budget, nor than the placement's whole inventory costs (a
        # budget far past the inventory would otherwise make a stand-in so nearly linear that
        # the spends jump between nothing and everything as the prices move)
        usable = self.budget[self.merchant]
        if self.usable is not None:
            usable = np.clip(self.usable, 0.01, usable)
        # no copy where every rate saturates (the half spends are then their own stand-ins)
        self._half = (np.where(linear, usable * LINEAR_STAND_IN, self.half_spend)
                      if linear.any() else self.half_spend)  # fmt: skip
        del usable, linear
        self.usable = None  # only needed for the stand-ins: not kept (one float per rate)
        self._starts = np.searchsorted(self.merchant, np.arange(self.merchants + 1))
        self.merchant = None  # the starts say it: not kept (one int per rate)
        self.budget_price = np.zeros(self.merchants)
        self.floor_price = np.zeros(self.merchants)

    @property
    def merchants(self) -> int:
        return len(self.budget)

    def solve(self, prices: np.ndarray) -> tuple[float, np.ndarray]:
        """Every merchant's best spends at ``prices``; returns the merchants' part of the
        Lagrangian bound and the units each placement would sell."""
        # written in place: one array of spends for the whole run, not one per solve
        spend = np.empty(len(self.placement)) if self.spend is None else self.spend
        lam, mu = np.empty(self.merchants), np.empty(self.merchants)
        bound, units = solve_merchants(
            self._starts, self.placement, self.revenue_rate, self.weight, self.units,
            self._half, self.half_spend, self.budget, self.min_roas,
            np.asarray(prices, float), self.budget_price, self.floor_price, spend, lam, mu,
        )  # fmt: skip
        self.spend, self.budget_price, self.floor_price = spend, lam, mu
        return bound, units

    def tight_bound(self, prices: np.ndarray) -> float:
        """The merchants' part of the bound at ``prices`` with every merchant's term at its
        smallest over the floor's μ (``bound``); the spends and multipliers of the
        last solve are left as they were."""
        prices = np.asarray(prices, float)
        lam, mu = np.empty(self.merchants), np.empty(self.merchants)
        solve_merchants(
            self._starts, self.placement, self.revenue_rate, self.weight, self.units,
            self._half, self.half_spend, self.budget, self.min_roas, prices,
            self.budget_price.copy(), self.floor_price.copy(), np.empty(len(self.placement)),
            lam, mu,
        )  # fmt: skip
        return tight_bound(
            self._starts, self.placement, self.revenue_rate, self.weight, self.units,
            self.half_spend, self.budget, self.min_roas, prices, mu,
        )  # fmt: skip

    def value(self, scale: np.ndarray) -> float:
        """The objective of the last spends brought under capacity (``recovered``), on the
        exact curves."""
        return self._recover(scale)[0]

    def recovered(self, scale: np.ndarray | None = None) -> np.ndarray:
        """The last spends with each placement's scaled by ``scale`` (at most 1; none: as
        they are). Less spend on a placement that earned more than the floor can break a
        merchant's floor, so such a merchant's whole plan is scaled by its smallest factor
        instead: the responses are concave through zero, so a plan scaled as a whole keeps
        its floor."""
        return self.spend.copy() if scale is None else self._recover(scale)[1]

    def _recover(self, scale: np.ndarray) -> tuple[float, np.ndarray]:
        out = np.empty(len(self.spend))
        value = recover(
            self._starts, self.placement, self.revenue_rate, self.weight, self.half_spend,
            self.min_roas, self.budget, self.spend, np.asarray(scale, float), out,
        )  # fmt: skip
        return value, out

    def revenue(self, spend: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            saturation = np.where(
                np.isfinite(self.half_spend), self.half_spend / (self.half_spend + spend), 1.0
            )
        return self.revenue_rate * spend * saturation
