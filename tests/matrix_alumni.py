"""Permission-matrix rows for the alumni URLs (merged into MATRIX by test_permission_matrix.py)."""

from tests.matrix_case import Case

CASES: dict[str, Case] = {}
