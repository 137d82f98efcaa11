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
nothing on it. The spend is computed on a slightly saturated stand-in (h = 10⁴ x the budget or
the cost of the placement's whole capacity, whichever is less: worth at least 99.99% of the
linear response at any spend within both) so that spends move
continuously with the prices; the bound uses the linear rate itself (λ is raised until no
linear term pays, which keeps the bound valid).
"""

from dataclasses import dataclass

import numpy as np

LINEAR_STAND_IN = 1e4  # a linear rate's stand-in half spend, in budgets
NEWTON_STEPS = 60
ROOT_STEPS = 60
ROOT_TOLERANCE = 1e-6  # relative width of the bracket around a floor's multiplier
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
    floor_price: np.ndarray | None = None  # μ per merchant at the last prices (a warm start)
    budget_price: np.ndarray | None = None  # λ likewise
    # per rate: the most spend the placement's whole capacity can take (inf: uncapped)
    usable: np.ndarray | None = None

    @property
    def merchants(self) -> int:
        return len(self.budget)

    def solve(self, prices: np.ndarray) -> tuple[float, np.ndarray]:
        """Every merchant's best spends at ``prices``; returns the merchants' part of the
        Lagrangian bound and the units each placement would sell."""
        cost = prices[self.placement] * self.units_rate
        mu = np.zeros(self.merchants)
        lam = self._budget_price(mu, cost, self.budget_price)
        unfloored_lam = lam.copy()
        spend = self._spend(lam, mu, cost)
        hopeless = np.zeros(self.merchants, dtype=bool)
        floored = self._floor_broken(spend)
        if floored.any():
            rates = floored[self.merchant]
            part = self.part(floored)
            previous = self.floor_price[floored] if self.floor_price is not None else None
            part_lam, part_mu, part_spend, part_hopeless = part._hold_floors(cost[rates], previous)
            lam[floored], mu[floored], hopeless[floored] = part_lam, part_mu, part_hopeless
            spend[rates] = part_spend
        self.spend, self.floor_price = spend, mu
        self.budget_price = np.where(mu > 0, 0.0, lam)  # the λ-only answer's, to start from
        # Any λ, μ ≥ 0 bound the merchant's value, so the smaller of two bounds is one too: the
        # floor's own μ, and μ = 0 (the floor relaxed away). The second is far tighter where
        # the μ that holds the floor makes a linear rate pay, and λ·budget closes it.
        bound = float(
            np.minimum(
                self._bound(lam, mu, cost, hopeless),
                self._bound(unfloored_lam, np.zeros(self.merchants), cost, hopeless),
            ).sum()
        )
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
            usable=None if self.usable is None else self.usable[rates],
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

    def _spend(self, lam, mu, cost) -> np.ndarray:
        half = self._half
        strength = self.revenue_rate * (self.weight + mu[self.merchant])
        price = np.maximum(cost + lam[self.merchant] + (mu * self.min_roas)[self.merchant], 1e-300)
        return half * np.maximum(np.sqrt(strength / price) - 1.0, 0.0)

    def _budget_price(self, mu, cost, previous: np.ndarray | None = None) -> np.ndarray:
        """λ per merchant: 0 where the budget is not reached at λ = 0, else the root of
        total spend(λ) = budget. Total spend is convex and decreasing in λ, so Newton's method
        from below the root climbs to it without overshooting, and one step from above lands
        below it: it may start from the last prices' λ. Each step works only on the merchants
        still moving."""
        m, half = self.merchant, self._half
        strength = self.revenue_rate * (self.weight + mu[m])
        fixed = cost + (mu * self.min_roas)[m]
        # No term alone may pass the budget at the root: a lower bound on λ to start from.
        start = strength / (1.0 + self.budget[m] / half) ** 2 - fixed
        lam = self._per_merchant(np.maximum.reduceat(start, self._starts)) if len(m) else start
        lowest = lam = np.maximum(lam, 0.0)
        if previous is not None:
            lam = np.maximum(lam, previous)
        rates = np.arange(len(m))
        who = m
        for _ in range(NEWTON_STEPS):
            price = np.maximum(fixed[rates] + lam[who], 1e-300)
            root = np.sqrt(strength[rates] / price)
            active = root > 1.0
            total = np.bincount(who, weights=np.where(active, half[rates] * (root - 1.0), 0.0),
                                minlength=self.merchants)  # fmt: skip
            slope = np.bincount(who, weights=np.where(active, half[rates] * root / (2 * price), 0),
                                minlength=self.merchants)  # fmt: skip
            over = total - self.budget
            moving = (over > SPEND_TOLERANCE * self.budget) | ((over < 0) & (lam > 0))
            moving &= np.bincount(who, minlength=self.merchants) > 0
            if not moving.any():
                break
            with np.errstate(over="ignore"):  # far above the root: -inf, clipped to lowest
                step = np.where(moving & (slope > 0), over / np.maximum(slope, 1e-300), 0.0)
            # from above with no active term the slope is 0: back to the bound below the root
            step = np.where(moving & (slope == 0) & (over < 0), lowest - lam, step)
            lam = np.maximum(lam + step, lowest)
            keep = moving[who]
            rates, who = rates[keep], who[keep]
        return lam

    def __post_init__(self) -> None:
        linear = ~np.isfinite(self.half_spend)
        # a linear rate's stand-in half spend (see the module's docstring)
        # no more spend than the budget allows, nor than the placement's whole inventory costs:
        # a budget far past the inventory would otherwise make a stand-in so nearly linear
        # that the spends jump between nothing and everything as the prices move
        usable = self.budget[self.merchant]
        if self.usable is not None:
            usable = np.clip(self.usable, 0.01, usable)
        self._half = np.where(linear, usable * LINEAR_STAND_IN, self.half_spend)
        self._starts = np.flatnonzero(np.r_[True, self.merchant[1:] != self.merchant[:-1]])

    def _per_merchant(self, reduced: np.ndarray) -> np.ndarray:
        """Values per run of rates (merchants with rates) spread to every merchant."""
        out = np.zeros(self.merchants)
        out[self.merchant[self._starts]] = reduced
        return out

    def _floor_margin(self, spend) -> np.ndarray:
        """Revenue above the floor, per merchant, relative to the floor's revenue (negative:
        the floor is broken). Relative, not in budgets: a merchant whose budget is far above
        what its curves can use spends a tiny part of it, and a tolerance in budgets would
        then accept any floor margin at all."""
        revenue = np.bincount(self.merchant, weights=self.revenue(spend), minlength=self.merchants)
        total = np.bincount(self.merchant, weights=spend, minlength=self.merchants)
        required = self.min_roas * total
        with np.errstate(over="ignore"):  # no floor or no spend: ±inf or 0, the sign is all
            return (revenue - required) / np.maximum(required, 1e-300)

    def _floor_broken(self, spend) -> np.ndarray:
        return (self.min_roas > 0) & (self._floor_margin(spend) < -1e-12)

    def _margin_at(self, mu, cost) -> np.ndarray:
        return self._floor_margin(self._spend(self._budget_price(mu, cost), mu, cost))

    def _hold_floors(self, cost, previous: np.ndarray | None = None):
        """λ, μ, spends and "hopeless" for merchants whose floor the λ-only answer breaks. The
        margin above the floor grows with μ; μ is the root of that margin, found by the
        Illinois method (regula falsi that halves a stale end) in a bracket that starts around
        the last prices' μ, and taken at the bracket's feasible end. A merchant whose best
        first unit returns no more than its floor can meet it only by spending nothing."""
        # a saturated rate returns less than its first unit on every later one, a linear rate
        # exactly as much: one whose return equals the floor keeps it at any spend
        linear = ~np.isfinite(self.half_spend)
        best_saturated, best_linear = np.zeros(self.merchants), np.full(self.merchants, -1.0)
        np.maximum.at(best_saturated, self.merchant[~linear], self.revenue_rate[~linear])
        np.maximum.at(best_linear, self.merchant[linear], self.revenue_rate[linear])
        hopeless = (best_saturated <= self.min_roas) & (best_linear < self.min_roas)
        live = ~hopeless
        start = np.where(live & (previous > 0), previous, 1.0) if previous is not None else 1.0
        low, high = np.zeros(self.merchants), np.where(live, start, 0.0)
        low_margin = np.where(live, -1.0, 0.0)  # only its sign matters until it is measured
        high_margin = self._margin_at(high, cost)
        for _ in range(60):  # widen upwards until the floor holds at the top
            broken = live & (high_margin < 0)
            if not broken.any():
                break
            low = np.where(broken, high, low)
            low_margin = np.where(broken, high_margin, low_margin)
            high = np.where(broken, high * 4.0, high)
            high_margin = np.where(broken, self._margin_at(high, cost), high_margin)
        if previous is not None:  # and narrow from below, where the last μ lets us
            trial = np.where(live & (low == 0), high / 4.0, 0.0)
            trial_margin = self._margin_at(trial, cost)
            below = live & (low == 0) & (trial_margin < 0)
            low = np.where(below, trial, low)
            low_margin = np.where(below, trial_margin, low_margin)
        if (live & (low == 0)).any():
            low_margin = np.where(live & (low == 0), self._margin_at(np.zeros_like(low), cost),
                                  low_margin)  # fmt: skip
        side = np.zeros(self.merchants)  # Illinois: which end was kept last time
        for _ in range(ROOT_STEPS):
            open_ = live & (high - low > ROOT_TOLERANCE * np.maximum(high, 1e-12))
            open_ &= high_margin > ROOT_TOLERANCE  # the floor holds, with no slack
            if not open_.any():
                break
            with np.errstate(divide="ignore", invalid="ignore"):
                guess = high - high_margin * (high - low) / (high_margin - low_margin)
            middle = (low + high) / 2
            guess = np.where(np.isfinite(guess) & (guess > low) & (guess < high), guess, middle)
            guess = np.where(open_, guess, high)
            margin = self._margin_at(guess, cost)
            up = open_ & (margin >= 0)
            down = open_ & (margin < 0)
            high, high_margin = np.where(up, guess, high), np.where(up, margin, high_margin)
            low, low_margin = np.where(down, guess, low), np.where(down, margin, low_margin)
            low_margin = np.where(up & (side > 0), low_margin / 2, low_margin)
            high_margin = np.where(down & (side < 0), high_margin / 2, high_margin)
            side = np.where(up, 1.0, np.where(down, -1.0, side))
        mu = np.where(hopeless, 0.0, high)
        lam = self._budget_price(mu, cost)
        spend = self._spend(lam, mu, cost)
        spend[hopeless[self.merchant]] = 0.0
        return lam, mu, spend, hopeless

    def _bound(self, lam, mu, cost, hopeless) -> np.ndarray:
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
        return np.where(hopeless, 0.0, per_merchant)
