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
which is convex and decreasing in λ (so Newton from below never overshoots); μ by bisection
where the floor binds.

A linear rate (no saturation) has no interior optimum: at given prices a merchant puts all or
nothing on it. The spend is computed on a slightly saturated stand-in (h = budget x 10⁴, worth at
least 99.99% of the linear response at any spend within the budget) so that spends move
continuously with the prices; the bound uses the linear rate itself (λ is raised until no
linear term pays, which keeps the bound valid).
"""

from dataclasses import dataclass

import numpy as np

LINEAR_STAND_IN = 1e4  # a linear rate's stand-in half spend, in budgets
NEWTON_STEPS = 60
BISECTION_STEPS = 48
SPEND_TOLERANCE = 1e-10  # relative, on a merchant's total spend


@dataclass
class Shard:
    """Some merchants' rates as flat arrays (one entry per merchant and placement), their
    spends at the last prices solved, and their multipliers."""

    merchant: np.ndarray  # per rate: merchant index within the shard
    placement: np.ndarray  # per rate: placement index
    revenue_rate: np.ndarray  # a: revenue per unit of spend before saturation
    weight: np.ndarray  # w: objective value per unit of revenue
    units_rate: np.ndarray  # units (clicks or impressions) per unit of spend
    half_spend: np.ndarray  # inf: linear
    budget: np.ndarray  # per merchant
    min_roas: np.ndarray  # per merchant, 0 where none
    spend: np.ndarray | None = None

    @property
    def merchants(self) -> int:
        return len(self.budget)

    def solve(self, prices: np.ndarray) -> tuple[float, np.ndarray]:
        """Every merchant's best spends at ``prices``; returns the merchants' part of the
        Lagrangian bound and the units each placement would sell."""
        cost = prices[self.placement] * self.units_rate
        mu = np.zeros(self.merchants)
        lam = self._budget_price(mu, cost)
        spend = self._spend(lam, mu, cost)
        hopeless = np.zeros(self.merchants, dtype=bool)
        floored = self._floor_broken(spend)
        if floored.any():
            rates = floored[self.merchant]
            part = self.part(floored)
            part_lam, part_mu, part_spend, part_hopeless = part._hold_floors(cost[rates])
            lam[floored], mu[floored], hopeless[floored] = part_lam, part_mu, part_hopeless
            spend[rates] = part_spend
        self.spend = spend
        bound = self._bound(lam, mu, cost, hopeless)
        units = np.bincount(self.placement, weights=spend * self.units_rate, minlength=len(prices))
        return bound, units

    def part(self, merchants: np.ndarray) -> "Shard":
        """The shard of the merchants where ``merchants`` is true, renumbered from 0."""
        rates = merchants[self.merchant]
        number = np.cumsum(merchants) - 1
        return Shard(
            number[self.merchant[rates]], self.placement[rates], self.revenue_rate[rates],
            self.weight[rates], self.units_rate[rates], self.half_spend[rates],
            self.budget[merchants], self.min_roas[merchants],
        )  # fmt: skip

    def value(self, scale: np.ndarray) -> float:
        """The objective of the last spends brought under capacity (``recovered``), on the
        exact curves."""
        return float(self.weight @ self.revenue(self.recovered(scale)))

    def recovered(self, scale: np.ndarray) -> np.ndarray:
        """The last spends with each placement's scaled by ``scale`` (at most 1). Less spend
        on a placement that earned more than the floor can break a merchant's floor, so such a
        merchant's whole plan is scaled by its smallest factor instead: the responses are
        concave through zero, so a plan scaled as a whole keeps its floor."""
        factor = scale[self.placement]
        spend = self.spend * factor
        broken = self._floor_broken(spend)
        if broken.any():
            smallest = np.ones(self.merchants)
            np.minimum.at(smallest, self.merchant, factor)
            rates = broken[self.merchant]
            spend[rates] = self.spend[rates] * smallest[self.merchant[rates]]
        return spend

    def revenue(self, spend: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            saturation = np.where(
                np.isfinite(self.half_spend), self.half_spend / (self.half_spend + spend), 1.0
            )
        return self.revenue_rate * spend * saturation

    # the multipliers

    @property
    def _half(self) -> np.ndarray:
        linear = ~np.isfinite(self.half_spend)
        return np.where(linear, self.budget[self.merchant] * LINEAR_STAND_IN, self.half_spend)

    def _spend(self, lam, mu, cost) -> np.ndarray:
        half = self._half
        strength = self.revenue_rate * (self.weight + mu[self.merchant])
        price = np.maximum(cost + lam[self.merchant] + (mu * self.min_roas)[self.merchant], 1e-300)
        return half * np.maximum(np.sqrt(strength / price) - 1.0, 0.0)

    def _budget_price(self, mu, cost) -> np.ndarray:
        """λ per merchant: 0 where the budget is not reached at λ = 0, else the root of
        total spend(λ) = budget, by Newton's method from a point below the root."""
        m, half = self.merchant, self._half
        strength = self.revenue_rate * (self.weight + mu[m])
        fixed = cost + (mu * self.min_roas)[m]
        # No term alone may pass the budget at the root: a lower bound on λ to start from.
        start = strength / (1.0 + self.budget[m] / half) ** 2 - fixed
        lam = np.maximum(np.maximum.reduceat(start, self._starts()), 0.0) if len(m) else start
        lam = self._per_merchant(lam)
        for _ in range(NEWTON_STEPS):
            price = np.maximum(fixed + lam[m], 1e-300)
            root = np.sqrt(strength / price)
            active = root > 1.0
            total = np.bincount(m, weights=np.where(active, half * (root - 1.0), 0.0),
                                minlength=self.merchants)  # fmt: skip
            slope = np.bincount(m, weights=np.where(active, half * root / (2 * price), 0.0),
                                minlength=self.merchants)  # fmt: skip
            over = total - self.budget
            moving = over > SPEND_TOLERANCE * self.budget
            if not moving.any():
                break
            step = np.where(moving & (slope > 0), over / np.maximum(slope, 1e-300), 0.0)
            lam = lam + step
        return lam

    def _starts(self) -> np.ndarray:
        return np.flatnonzero(np.r_[True, self.merchant[1:] != self.merchant[:-1]])

    def _per_merchant(self, reduced: np.ndarray) -> np.ndarray:
        """Values per run of rates (merchants with rates) spread to every merchant."""
        out = np.zeros(self.merchants)
        out[self.merchant[self._starts()]] = reduced
        return out

    def _floor_broken(self, spend) -> np.ndarray:
        revenue = np.bincount(self.merchant, weights=self.revenue(spend), minlength=self.merchants)
        total = np.bincount(self.merchant, weights=spend, minlength=self.merchants)
        return (self.min_roas > 0) & (revenue < self.min_roas * total * (1 + 1e-12))

    def _hold_floors(self, cost):
        """λ, μ, spends and "hopeless" for merchants whose floor the λ-only answer breaks: μ
        by bisection, the smallest whose spends meet the floor. A merchant whose best first
        unit returns no more than its floor can meet it only by spending nothing."""
        best_first_roas = np.zeros(self.merchants)
        np.maximum.at(best_first_roas, self.merchant, self.revenue_rate)
        hopeless = best_first_roas <= self.min_roas
        low, high = np.zeros(self.merchants), np.where(hopeless, 0.0, 1.0)
        for _ in range(60):  # grow the bracket until the floor holds at its top
            broken = self._floor_broken(self._spend(self._budget_price(high, cost), high, cost))
            broken &= ~hopeless
            if not broken.any():
                break
            high = np.where(broken, high * 4.0, high)
        for _ in range(BISECTION_STEPS):
            middle = (low + high) / 2
            broken = self._floor_broken(self._spend(self._budget_price(middle, cost), middle, cost))
            low = np.where(broken, middle, low)
            high = np.where(broken | hopeless, high, middle)
        mu = np.where(hopeless, 0.0, high)
        lam = self._budget_price(mu, cost)
        spend = self._spend(lam, mu, cost)
        spend[hopeless[self.merchant]] = 0.0
        return lam, mu, spend, hopeless

    def _bound(self, lam, mu, cost, hopeless) -> float:
        """Σ_m λ·budget + Σ_p h·(√A - √c)₊² with linear rates' own (unbounded) terms closed
        by raising λ; a merchant no spend can satisfy adds nothing (its only plan is 0)."""
        m = self.merchant
        strength = self.revenue_rate * (self.weight + mu[m])
        fixed = cost + (mu * self.min_roas)[m]
        linear = ~np.isfinite(self.half_spend)
        if linear.any():
            needed = np.zeros(self.merchants)
            np.maximum.at(needed, m[linear], (strength - fixed)[linear])
            lam = np.maximum(lam, needed)
        price = fixed + lam[m]
        half = np.where(linear, 0.0, self.half_spend)
        gain = half * np.maximum(np.sqrt(strength) - np.sqrt(price), 0.0) ** 2
        per_merchant = lam * self.budget + np.bincount(m, weights=gain, minlength=self.merchants)
        return float(np.where(hopeless, 0.0, per_merchant).sum())
