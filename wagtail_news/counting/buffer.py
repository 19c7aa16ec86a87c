"""The optional cache buffer for hot sites (placeholder: direct mode only)."""


def pending_totals(page_ids):
    return {}


def pending_since(page_id, day):
    return 0
