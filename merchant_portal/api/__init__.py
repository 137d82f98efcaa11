from flask import Blueprint

# The token-authenticated API lives under /api/v1; the admin's token pages under /admin/api-tokens.
bp = Blueprint("api", __name__)
