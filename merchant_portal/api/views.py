from flask import g, jsonify, request
from flask_babel import force_locale

from ..access import public
from ..audit import audit
from ..extensions import csrf, db
from ..sales.rows import parse_rows
from ..sales.services import upsert_sales
from . import bp
from .openapi import MAX_BATCH, openapi_document
from .tokens import token_required


def _problem(status: int, message: str, errors: list | None = None):
    body = {"error": "invalid" if status == 422 else "bad_request", "message": message}
    if errors is not None:
        body["errors"] = errors
    return jsonify(body), status


@bp.route("/api/v1/sales", methods=["POST"])
@csrf.exempt
@token_required("sales:write")
def sales():
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("rows"), list):
        return _problem(400, 'Send JSON: {"rows": [{"product_id": …, "day": …}, …]}.')
    records = body["rows"]
    if not records:
        return _problem(422, "The batch has no rows.", [])
    if len(records) > MAX_BATCH:
        return _problem(422, f"At most {MAX_BATCH} rows per batch.", [])
    with force_locale("en"):  # the API answers programmers in English, whatever the site's default
        rows, problems = parse_rows(list(enumerate(records)))
    if problems:
        errors = [{"row": p.row, "field": p.column, "message": p.message} for p in problems]
        said = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        return _problem(422, f"{said}; nothing was stored.", errors)
    stored = upsert_sales(rows)
    token = g.api_token
    audit(
        None,
        "api_token",
        token.id,
        "sales_received",
        detail={"rows": stored, "stores": len({row.store_id for row in rows})},
    )
    db.session.commit()
    return jsonify(stored=stored, stores=len({row.store_id for row in rows})), 200


@bp.route("/api/v1/openapi.json")
@public
def openapi():
    return jsonify(openapi_document())
