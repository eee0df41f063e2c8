"""Surveys without Django: instrument definitions and scoring, the privacy rules that decide which
aggregates may be shown, the survey plan of a program, and the rules that raise flags."""
