"""Docs check: compare vendor documentation pages, saved as text, with the specs in spec/."""
