"""`hostrt fuzz`: hostile inputs against the runtime (see reviews.py and admission.py)."""
