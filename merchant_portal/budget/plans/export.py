"""A stored plan as CSV: one row per placement, then the totals."""

import io

from ...csv_files import csv_writer
from .stored import StoredResult

HEADER = ["placement", "spend", "units", "clicks", "conversions", "revenue", "marginal_roas"]


def plan_csv(result: StoredResult) -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(HEADER)
    for a in result["allocations"]:
        writer.writerow(
            [
                a["id"],
                a["spend"],
                a["units"],
                a["clicks"],
                a["conversions"],
                a["revenue"],
                a["marginal_roas"],
            ]
        )
    totals = result["totals"]
    writer.writerow(
        [
            "total",
            totals["spend"],
            "",
            totals["clicks"],
            totals["conversions"],
            totals["revenue"],
            "",
        ]
    )
    return out.getvalue()
