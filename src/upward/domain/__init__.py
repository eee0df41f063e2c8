"""The pure core of Upward: logic over plain data. Nothing here imports Django (import-linter)."""
