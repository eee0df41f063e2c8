"""The bottom layer: what every app may use and which uses no app."""
