"""Money as people read it: the currency's sign or code, thousands separated, no stray decimals.

Figures here are estimates (a year's savings, a program's cost), so whole units are all they
can support; a sign is used only where it is unambiguous, otherwise the ISO code."""

SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}


def format_money(amount: float | int | None, currency: str) -> str:
    """`format_money(18000.0, "EUR")` -> "€18,000"; `format_money(-2500, "CHF")` -> "-CHF 2,500"."""
    if amount is None:
        return "\u2013"  # an en dash, as tables show a missing figure
    code = (currency or "").upper()
    whole = f"{abs(round(amount)):,}"
    sign = "-" if round(amount) < 0 else ""
    if code in SIGNS:
        return f"{sign}{SIGNS[code]}{whole}"
    return f"{sign}{code} {whole}".strip()
