"""The API's OpenAPI 3.1 document, served at /api/v1/openapi.json."""

from ..sales.rows import COUNT_MAX, FIELDS, REQUIRED

MAX_BATCH = 5000

_count = {"type": "integer", "minimum": 0, "maximum": COUNT_MAX}
_money = {
    "oneOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": r"^\d+(\.\d{1,2})?$"}]
}


def openapi_document() -> dict:
    row = {
        "type": "object",
        "additionalProperties": False,
        "required": list(REQUIRED),
        "properties": {
            "product_id": {
                "type": "integer",
                "minimum": 1,
                "description": "The portal's product id.",
            },
            "day": {"type": "string", "format": "date", "description": "The marketplace's day."},
            "visitors": {**_count, "description": "Unique visitors to the product page."},
            "orders": {**_count, "description": "Orders; no more than visitors."},
            "units": {**_count, "description": "Units sold; no fewer than orders."},
            "gmv": {**_money, "description": "Gross merchandise value, two decimals at most."},
            "refunds": {**_money, "description": "Refunded that day; 0 when absent."},
        },
    }
    assert set(row["properties"]) == set(FIELDS)
    error = {
        "type": "object",
        "properties": {
            "error": {"type": "string"},
            "message": {"type": "string"},
            "errors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "row": {"type": "integer", "description": "Index in rows, from 0."},
                        "field": {"type": "string"},
                        "message": {"type": "string"},
                    },
                },
            },
        },
    }
    refused = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Merchant portal API",
            "version": "1",
            "description": "Daily sales from the marketplace. Each product and day is stored "
            "once: sending a day again replaces its figures, never adds to them. A batch is "
            "stored whole or not at all.",
        },
        "servers": [{"url": "/"}],
        "components": {
            "securitySchemes": {
                "token": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Issued by an admin under Admin → API tokens, with scopes.",
                }
            },
            "schemas": {"SaleRow": row, "Error": error},
        },
        "paths": {
            "/api/v1/sales": {
                "post": {
                    "summary": "Store a batch of daily sales per product",
                    "security": [{"token": ["sales:write"]}],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["rows"],
                                    "properties": {
                                        "rows": {
                                            "type": "array",
                                            "minItems": 1,
                                            "maxItems": MAX_BATCH,
                                            "items": {"$ref": "#/components/schemas/SaleRow"},
                                        }
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "Stored; re-sent days replaced.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "stored": {"type": "integer"},
                                            "stores": {"type": "integer"},
                                        },
                                    }
                                }
                            },
                        },
                        "400": {"description": "Not a JSON batch.", "content": refused},
                        "401": {
                            "description": "Missing, unknown or revoked token.",
                            "content": refused,
                        },
                        "403": {"description": "The token lacks sales:write.", "content": refused},
                        "422": {
                            "description": "Problems by row and field; nothing stored.",
                            "content": refused,
                        },
                    },
                }
            }
        },
    }
