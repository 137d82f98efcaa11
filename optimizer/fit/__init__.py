"""Response curves learned from weekly results (``python -m optimizer fit``)."""
