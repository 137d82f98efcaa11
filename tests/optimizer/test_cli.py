"""The command line as other programs use it: JSON alone on stdout, exit statuses, errors."""

import json
import os
import signal
import subprocess
import sys

import pytest

EXAMPLE = {
    "budget": 10000,
    "objective": "revenue",
    "margin": 0.3,
    "min_roas": 2.5,
    "spend_all": False,
    "target": None,
    "placements": [
        {"id": "search_top", "pricing": "cpc", "price": 0.8, "cvr": 0.05, "aov": 60,
         "min_spend": 0, "max_spend": 6000, "capacity": 9000, "group": "search",
         "saturation": {"half_spend": 3000}},
        {"id": "feed", "pricing": "cpm", "price": 12, "ctr": 0.012, "cvr": 0.03, "aov": 55},
        {"id": "home_banner", "pricing": "slot", "price": 2000, "impressions_per_slot": 150000,
         "ctr": 0.004, "cvr": 0.02, "aov": 70, "capacity": 7},
    ],
    "groups": {"search": {"max_share": 0.6, "min_share": 0.1}},
}  # fmt: skip


def optimizer(*args, stdin: str | None = None):
    return subprocess.run(
        [sys.executable, "-m", "optimizer", *args],
        input=stdin, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_plan_prints_only_json_and_exits_0(tmp_path):
    request_file = tmp_path / "request.json"
    request_file.write_text(json.dumps(EXAMPLE))
    run = optimizer("plan", str(request_file))
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)  # the whole of stdout is one JSON document
    assert result["status"] == "optimal"
    assert [a["id"] for a in result["allocations"]] == ["search_top", "feed", "home_banner"]
    assert set(result["totals"]) == {"spend", "clicks", "conversions", "revenue", "roas", "profit"}
    assert {"budget"} <= set(result["shadow_prices"])
    assert isinstance(result["binding"], list) and result["diagnosis"] == []
    assert "Running HiGHS" not in run.stdout + run.stderr


def test_plan_reads_standard_input_and_cbc_agrees():
    highs = json.loads(optimizer("plan", "-", stdin=json.dumps(EXAMPLE)).stdout)
    cbc = json.loads(optimizer("plan", "-", "--solver", "cbc", stdin=json.dumps(EXAMPLE)).stdout)
    assert cbc["objective_value"] == pytest.approx(highs["objective_value"], rel=1e-6)


def test_infeasible_plan_exits_1_with_a_diagnosis():
    request = {**EXAMPLE, "spend_all": True, "min_roas": 4.0}
    run = optimizer("plan", "-", stdin=json.dumps(request))
    assert run.returncode == 1
    result = json.loads(run.stdout)
    assert result["status"] == "infeasible"
    assert "best reachable ROAS" in result["diagnosis"][0]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"budget": -5}, "budget: must be greater than 0"),
        ({"budget": "lots"}, "budget: must be a number"),
        ({"objective": "fame"}, "objective: must be one of revenue, conversions, profit, min_spend"),
        ({"objective": "min_spend"}, "target: is required when the objective is min_spend, e.g. {\"conversions\": 500}"),
        ({"objective": "profit", "margin": None}, "margin: is required when the objective is profit"),
        ({"placements": []}, "placements: must be a non-empty list"),
        ({"bugdet": 5}, "bugdet: is not a known field"),
        ({"groups": {"search": {"min_share": 0.7, "max_share": 0.2}}}, "groups.search.min_share: must not exceed max_share (0.2)"),
    ],
)  # fmt: skip
def test_invalid_requests_exit_2_with_the_field_path(change, expected):
    run = optimizer("plan", "-", stdin=json.dumps({**EXAMPLE, **change}))
    assert run.returncode == 2
    assert run.stdout == ""
    assert expected in run.stderr.splitlines()
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("index", "change", "expected"),
    [
        (2, {"cvr": 1.5}, "placements[2].cvr: must be at most 1"),
        (1, {"ctr": -0.1}, "placements[1].ctr: must be at least 0"),
        (0, {"pricing": "cpa"}, "placements[0].pricing: must be one of cpc, cpm, slot, curve"),
        (1, {"id": "search_top"}, "placements[1].id: duplicates another placement's id 'search_top'"),
        (0, {"min_spend": 7000}, "placements[0].min_spend: must not exceed max_spend (6000)"),
        (2, {"capacity": 2.5}, "placements[2].capacity: must be a whole number"),
        (2, {"saturation": {"half_spend": 10}}, "placements[2].saturation: applies to cpc and cpm placements only"),
        (0, {"saturation": {"half_spend": 0}}, "placements[0].saturation.half_spend: must be greater than 0"),
        (0, {"price": 1e15}, "placements[0].price: must be at most 1e+12"),
        (0, {"price": True}, "placements[0].price: must be a number"),
    ],
)  # fmt: skip
def test_invalid_placements_name_their_index(index, change, expected):
    placements = [dict(p) for p in EXAMPLE["placements"]]
    placements[index].update(change)
    run = optimizer("plan", "-", stdin=json.dumps({**EXAMPLE, "placements": placements}))
    assert run.returncode == 2 and run.stdout == ""
    assert expected in run.stderr.splitlines()


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([[0, 0], [100, 50], [100, 80]], "placements[0].points[2].spend: must be greater than the previous point's spend"),
        ([[10, 0], [100, 50]], "placements[0].points[0]: must be [0, 0]: no spend buys no clicks"),
        ([[0, 0]], "placements[0].points: must list at least two [spend, clicks] points, starting at [0, 0]"),
        ([[0, 0], [100, "many"]], "placements[0].points[1].clicks: must be a number"),
    ],
)  # fmt: skip
def test_bad_curves_are_invalid(points, expected):
    request = {
        "budget": 100,
        "placements": [{"id": "c", "pricing": "curve", "cvr": 0.1, "aov": 10, "points": points}],
    }
    run = optimizer("plan", "-", stdin=json.dumps(request))
    assert run.returncode == 2 and run.stdout == ""
    assert expected in run.stderr.splitlines()


def test_nan_infinity_and_broken_json_are_invalid():
    nan = optimizer(
        "plan", "-", stdin=json.dumps(EXAMPLE).replace('"budget": 10000', '"budget": NaN')
    )
    assert nan.returncode == 2 and "budget: must be a finite number" in nan.stderr
    infinite = optimizer(
        "plan", "-", stdin=json.dumps(EXAMPLE).replace('"aov": 55', '"aov": Infinity')
    )
    assert (
        infinite.returncode == 2 and "placements[1].aov: must be a finite number" in infinite.stderr
    )
    broken = optimizer("plan", "-", stdin='{"budget": 10')
    assert broken.returncode == 2 and broken.stderr.startswith("request: not valid JSON")
    missing = optimizer("plan", "/no/such/file.json")
    assert missing.returncode == 2 and missing.stderr.startswith("file: cannot read")


def test_every_problem_is_listed_at_once():
    run = optimizer("plan", "-", stdin=json.dumps({"budget": 0, "placements": [{"id": ""}]}))
    lines = run.stderr.splitlines()
    assert "budget: must be greater than 0" in lines
    assert "placements[0].id: must be a non-empty text" in lines
    assert "placements[0].cvr: is required" in lines


def test_frontier(tmp_path):
    request = {**EXAMPLE, "min_roas": None}
    run = optimizer("frontier", "-", "--budgets", "1000:20000:20", stdin=json.dumps(request))
    assert run.returncode == 0, run.stderr
    points = json.loads(run.stdout)["points"]
    assert [p["budget"] for p in points] == pytest.approx([1000 + 1000 * i for i in range(20)])
    values = [p["objective_value"] for p in points]
    assert values == sorted(values), "more budget never earns less"
    prices = [p["shadow_prices"]["budget"] for p in points]
    assert prices[0] >= prices[-1], "marginal return falls as the budget grows"
    assert all({"spend", "revenue", "roas"} <= set(p["totals"]) for p in points)


@pytest.mark.parametrize("budgets", ["1000:20000", "a:b:c", "0:100:5", "100:50:3", "1:2:0"])
def test_frontier_with_bad_budgets_is_invalid(budgets):
    run = optimizer("frontier", "-", "--budgets", budgets, stdin=json.dumps(EXAMPLE))
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith("--budgets:")


def test_write_lp_writes_the_model(tmp_path):
    lp_file = tmp_path / "plan.lp"
    run = optimizer("plan", "-", "--write-lp", str(lp_file), stdin=json.dumps(EXAMPLE))
    assert run.returncode == 0
    text = lp_file.read_text()
    assert text.startswith("\\* budget_plan *\\")
    for name in ("budget:", "min_roas:", "groups.search.max_share:", "slots_2"):
        assert name in text


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="/dev/full is Linux's full disk")
def test_an_answer_that_cannot_be_written_is_said_not_an_internal_error():
    with open("/dev/full", "w") as full:
        run = subprocess.run(
            [sys.executable, "-m", "optimizer", "plan", "-"], input=json.dumps(EXAMPLE),
            stdout=full, stderr=subprocess.PIPE, text=True, timeout=120,
        )  # fmt: skip
    assert run.returncode == 2
    assert run.stderr == "output: cannot write the answer: No space left on device\n"
    closed = subprocess.run(
        [sys.executable, "-m", "optimizer", "plan", "-"], input=json.dumps(EXAMPLE),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=120,
        preexec_fn=lambda: os.close(1),
    )  # fmt: skip
    assert (closed.returncode, closed.stderr) == (
        2,
        "output: cannot write the answer: Bad file descriptor\n",
    )


def test_an_empty_out_directory_is_refused(tmp_path):
    request = tmp_path / "request.json"
    request.write_text(json.dumps({
        "placements": [{"id": "p1", "pricing": "cpc", "price": 1, "capacity": 50}],
        "merchants": [{"id": "m", "budget": 100, "rates": {"p1": {"cvr": 0.1, "aov": 20}}}],
    }))  # fmt: skip
    run = optimizer("platform", str(request), "--out", "")
    assert (run.returncode, run.stdout, run.stderr) == (2, "", "--out: must be a non-empty text\n")


def test_ctrl_c_ends_with_the_shell_s_status_and_one_line():
    """Ctrl-C printed Python's traceback (exit -2) on standard error."""
    solving = subprocess.Popen(
        [sys.executable, "-c", "import time; from optimizer import cli;"
         " cli.run = lambda: (print('solving', flush=True), time.sleep(60)); cli.main()"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    assert solving.stdout.readline() == "solving\n"
    solving.send_signal(signal.SIGINT)
    out, err = solving.communicate(timeout=60)
    assert (solving.returncode, out, err) == (
        130,
        "",
        "interrupted: the answer was not written whole\n",
    )
