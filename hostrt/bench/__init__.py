"""Benchmarks against real Node / real Pepr."""
