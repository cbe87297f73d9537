"""Jurisdiction rule packs: pure data keyed by statute and effective date, and their readers."""
