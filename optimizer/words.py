"""Problems said in English, for the command line (OPTIMIZER.md: ``path: message`` on standard
error, one line each). Nothing else in the optimizer writes a problem's sentence: validation
records codes and figures (``errors.Problem``), and the portal says the same codes in the
reader's language. A new code needs its sentence here (the tests say every code has one)."""

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # errors says its problems with these words: no import cycle
    from .errors import Problem


def _one_of(choices) -> str:
    return f"must be one of {', '.join(choices)}"


def _duplicate(id: str, of: str | None = None) -> str:
    return f"duplicates another {of}'s id {id!r}" if of else f"duplicates another id {id!r}"


SENTENCES: dict[str, Callable[..., str]] = {
    # any request
    "required": lambda: "is required",
    "not_a_number": lambda: "must be a number",
    "not_finite": lambda: "must be a finite number",
    "not_positive": lambda: "must be greater than 0",
    "too_small": lambda minimum: f"must be at least {minimum:g}",
    "too_large": lambda maximum: f"must be at most {maximum:g}",
    "zero_or_at_least": lambda minimum: f"must be 0 or at least {minimum:g}",
    "not_whole": lambda: "must be a whole number",
    "not_boolean": lambda: "must be true or false",
    "unknown_field": lambda: "is not a known field",
    "one_of": _one_of,
    "not_json_object": lambda: "must be a JSON object",
    "not_an_object": lambda: "must be an object",
    "empty_list": lambda: "must be a non-empty list",
    "too_many_entries": lambda most: f"must have at most {most} entries",
    "empty_text": lambda: "must be a non-empty text",
    "too_long": lambda most: f"must have at most {most} characters",
    "duplicate_id": _duplicate,
    "not_saturation_object": lambda example: f'must be an object like {{"half_spend": {example}}}',
    # one advertiser's plan
    "required_for_profit": lambda: "is required when the objective is profit",
    "required_for_min_spend": lambda: (
        'is required when the objective is min_spend, e.g. {"conversions": 500}'
    ),
    "one_goal": lambda: 'must name one goal: {"conversions": N} or {"revenue": N}',
    "only_for_min_spend": lambda: "is only used with the objective min_spend",
    "not_group_table": lambda: "must be an object of group name to shares",
    "same_constraint_names": lambda other: (
        f"names the same constraints as group {other!r} (letters, digits, _ and . are kept in"
        " a constraint's name, the rest become _)"
    ),
    "not_share_object": lambda: "must be an object with min_share and/or max_share",
    "exceeds_max_share": lambda max_share: f"must not exceed max_share ({max_share:g})",
    "exceeds_max_spend": lambda max_spend: f"must not exceed max_spend ({max_spend:g})",
    "empty_group": lambda: "no placement belongs to this group",
    "not_group_name": lambda: "must be a group name",
    "saturation_cpc_cpm_only": lambda: "applies to cpc and cpm placements only",
    "points_curve_only": lambda: "applies to curve placements only",
    "curve_capacity": lambda: "a curve's last point is its capacity",
    "too_few_points": lambda: "must list at least two [spend, clicks] points, starting at [0, 0]",
    "too_many_points": lambda most: f"must have at most {most} points",
    "not_point_pair": lambda: "must be a [spend, clicks] pair",
    "first_point_not_origin": lambda: "must be [0, 0]: no spend buys no clicks",
    "spend_not_increasing": lambda: "must be greater than the previous point's spend",
    # the platform plan
    "not_merchant_object": lambda: "must be an object with id, budget and rates",
    "no_rates": lambda: "must name at least one placement",
    "unknown_placement": lambda: "is not a placement of this request",
    "platform_pricing": lambda: "must be cpc or cpm on the platform plan",
    "number_from": lambda low, high: f"must be a number from {low:g} to {high:g}",
    "number_between": lambda low, high: f"must be a number between {low:g} and {high:g}",
    "must_be_between": lambda low, high: f"must be between {low:g} and {high:g}",
    "required_cpm_ctr": lambda: "is required: the placement is cpm and has no ctr of its own",
    "more_problems": lambda count: f"and {count:,} more problems",
    # the platform's Parquet directory
    "cpc_or_cpm": lambda: "must be cpc or cpm",
    "required_cpm_ctr_parquet": lambda: "is required: the placement is cpm and has none",
    "unreadable_json": lambda reason: f"not a readable JSON object ({reason})",
    "missing_file": lambda: "missing from the directory",
    "unreadable_parquet": lambda reason: f"not a readable Parquet file ({reason})",
    "required_column": lambda: "the column is required",
    "unknown_column": lambda: "is not a known column",
    "no_rows": lambda: "has no rows; it must hold at least one",
    "not_text_column": lambda kind: f"must be a text column, not {kind}",
    "not_utf8_column": lambda: "must hold UTF-8 text",
    "repeated_rate": lambda: (
        "repeats the rate of the same merchant and placement on an earlier row"
    ),
    "ids_not_unique": lambda repeated: f"ids must be present and unique (repeated: {repeated})",
    "not_numeric_column": lambda: "must be a numeric column",
    "nan_number": lambda low, high: f"is NaN; it must be a number from {low:g} to {high:g}",
    "unknown_row": lambda table: f"names no row of {table}",
    "wrong_shard_folder": lambda shard, shards: (
        f"the merchant's id does not belong in shard={shard} of shards={shards} "
        f"(FNV-1a of the id's UTF-8 bytes, modulo {shards})"
    ),
    # the command line and the run's own limits
    "unreadable_file": lambda file, reason: f"cannot read {file}: {reason}",
    "not_utf8_file": lambda byte: f"not UTF-8 text (byte {byte} cannot be decoded)",
    "empty_file": lambda: "the file is empty; it must hold a JSON object",
    "file_too_large": lambda maximum: (
        f"larger than {maximum:,} bytes; raise --max-input-bytes to read it"
    ),
    "not_json": lambda line, column, reason: (
        f"not valid JSON (line {line}, column {column}: {reason})"
    ),
    "nested_too_deeply": lambda: "nested too deeply to be a plan request",
    "unreadable_number": lambda reason: reason,
    "budgets_format": lambda: "must be START:STOP:COUNT, e.g. 1000:20000:20",
    "budgets_range": lambda: "START must be above 0 and STOP at least START",
    "budgets_count": lambda: "COUNT must be between 1 and 1000",
    "gap_range": lambda: "must be a number from 1e-09 to 0.5, e.g. 0.001",
    "workers_range": lambda: "must be a whole number from 1 to 4096",
    "cannot_write_into": lambda directory, reason: f"cannot write into {directory}: {reason}",
    "not_a_directory": lambda directory: f"{directory} exists and is not a directory",
    "cannot_make_directory": lambda directory, reason: (
        f"cannot make the directory {directory}: {reason}"
    ),
    "directory_not_writable": lambda directory: f"cannot write into the directory {directory}",
    "lp_is_directory": lambda file: f"{file} is a directory; name a file",
    "lp_no_folder": lambda folder, name: f"no directory {folder} to write {name} into",
    "lp_not_writable": lambda file, reason=None: (
        f"cannot write {file}: {reason}" if reason else f"cannot write {file}"
    ),
    "lp_linear_only": lambda: "the LP file holds linear rates only",
    "exact_linear_only": lambda: "exact solves linear rates only; saturated rates need decomposed",
    "out_required_partitioned": lambda: (
        "is required for a partitioned dataset: the workers write the rows into DIR"
    ),
    "partitioned_decomposed_only": lambda: (
        "a partitioned dataset is solved by decomposition only (--method decomposed or auto)"
    ),
    "partitioned_no_lp": lambda: "a partitioned dataset is never gathered into one LP file",
    "warm_partitioned_only": lambda: (
        "a warm start applies to a partitioned dataset (rates/ a folder of Parquet files)"
    ),
    "warm_not_answer": lambda file: (
        f"{file} is not a platform answer (a JSON object with placement_prices)"
    ),
    "unreadable_source": lambda source, reason: f"cannot read {source}: {reason}",
    "ray_unavailable": lambda where, reason: f"cannot start Ray on {where}: {reason}",
    # fit's RESULTS (the path names the file, row and column)
    "results_no_such_path": lambda: "no such file or directory",
    "results_no_parquet": lambda: "no .parquet files in this directory",
    "results_unreadable": lambda reason: f"cannot read: {reason}",
    "results_empty_file": lambda: "the file is empty; it needs a header row and rows of results",
    "results_not_utf8": lambda byte: (
        f"not UTF-8 text (byte {byte}); save it as UTF-8 (in Excel: CSV UTF-8), not GBK or ANSI"
    ),
    "results_extra_cells": lambda cells, columns: (
        f"{cells} values for {columns} columns; quote a value that holds a comma "
        '("1,000" with the quotes, or 1000)'
    ),
    "results_too_large": lambda maximum: f"larger than {maximum:,} bytes; not read",
    "results_not_csv": lambda reason: f"not a CSV file: {reason}",
    "results_not_parquet": lambda reason: f"not a Parquet file: {reason}",
    "results_missing_column": lambda needed: f"missing (needed: {needed})",
    "results_no_rows": lambda: "no rows of results",
    "results_empty_text": lambda: "must not be empty",
    "results_not_a_date": lambda shown: f"must be a date YYYY-MM-DD, got {shown}",
    "results_not_monday": lambda day, weekday: (
        f"{day} is a {weekday}; give the Monday that starts the week"
    ),
    "results_week_too_early": lambda day, first: (
        f"{day} is before {first}: a typo? give the Monday of the week the results are for"
    ),
    "results_week_far": lambda day, middle, weeks, most: (
        f"{day} is {weeks:,} weeks from the middle of the results ({middle}), more than "
        f"{most:,}: a typo? give the Monday of the week the results are for"
    ),
    "results_not_a_number": lambda shown: f"must be a number, got {shown}",
    "results_not_whole": lambda shown: f"must be a whole number (a count), got {shown}",
    "results_repeated_column": lambda names: f"column named twice: {names}; keep one",
    "results_column_type": lambda column, kind: (
        f"column {column} holds {kind} values: it must hold numbers, dates or text"
    ),
    "results_negative": lambda shown: f"must be a number 0 or more, got {shown}",
    "results_too_large_number": lambda shown, most: f"must be at most {most:g}, got {shown}",
    "results_repeated_week": lambda store, placement, week, earlier: (
        f"store {store}, placement {placement} and week {week} already given at {earlier}; "
        "give each once"
    ),
}


def money(amount: float) -> str:
    return f"{amount:,.2f}".removesuffix(".00")


def _min_spend_unreachable(placement, min_spend, fits, capacity=None) -> str:
    why = (
        f"its capacity allows at most {money(capacity)}"
        if capacity is not None
        else "the other constraints leave room for less"
    )
    return (
        f"{placement}: the minimum spend of {money(min_spend)} cannot be met; "
        f"{why}: lower min_spend to {money(fits)}."
    )


def _share_unreachable(group, bound, wanted, share) -> str:
    side = "at most" if bound == "max_share" else "at least"
    return (
        f"Group {group} must take {side} {wanted:.0%} of the spend, but with the other "
        f"constraints the closest it can come is {share:.1%}: set {bound} to {share:.3f}."
    )


# Why an infeasible plan is infeasible (the JSON ``diagnosis``, OPTIMIZER.md section 1)
CONFLICTS: dict[str, Callable[..., str]] = {
    "min_spends_exceed_budget": lambda floor, budget: (
        f"Minimum spends add up to {money(floor)} but the budget is {money(budget)}: "
        f"raise the budget to {money(floor)} or lower the minimum spends by "
        f"{money(floor - budget)}."
    ),
    "budget_too_small": lambda need, budget, give: (
        f"The constraints need {money(need)} of spend but the budget is "
        f"{money(budget)}: raise the budget by {money(give)}."
    ),
    "spend_all_unreachable": lambda budget, reachable: (
        f"spend_all asks to spend the whole budget of {money(budget)}, but the placements' "
        f"capacities and maximum spends absorb at most {money(reachable)}: lower the budget "
        f"to {money(reachable)} or set spend_all to false."
    ),
    "min_spend_unreachable": _min_spend_unreachable,
    "share_unreachable": _share_unreachable,
    "roas_unreachable": lambda best, required: (
        f"The best reachable ROAS is {best:.2f}, below the required {required:.2f}: "
        f"lower min_roas to {best:.2f} or less."
    ),
    "target_unreachable": lambda reachable, metric, budget, target: (
        f"At most {money(reachable)} {metric} can be reached within the budget of "
        f"{money(budget)}, short of the target of {money(target)}: lower the "
        f"target to {money(reachable)} or raise the budget."
    ),
    "not_analysable": lambda: "The plan's constraints could not be analysed.",
    "infeasible_by_a_hair": lambda: (
        "The constraints can only just be met; the plan is infeasible by a hair. "
        "Loosen any floor (ROAS, target, minimum spends) slightly."
    ),
    "constraint_conflicts": lambda name, give: (
        f"{name} conflicts with the other constraints by {money(give)}."
    ),
}


def conflict_sentence(code: str, params: dict) -> str:
    return CONFLICTS[code](**params)


def sentence(problem: "Problem") -> str:
    """``path: message``, as standard error shows it."""
    return f"{problem.path}: {SENTENCES[problem.code](**problem.params)}"
