"""Benchmark scripts (a package so that tests and scripts can share helpers)."""
