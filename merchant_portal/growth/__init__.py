from flask import Blueprint

bp = Blueprint("growth", __name__, url_prefix="/growth")
