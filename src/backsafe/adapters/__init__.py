"""Adapters from other programs' plan formats to interchange format v1, one module each."""
