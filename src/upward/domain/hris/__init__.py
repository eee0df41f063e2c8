"""Turning an HRIS export (rows of cells) into validated person records and an import plan."""
