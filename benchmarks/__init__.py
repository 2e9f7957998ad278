"""Benchmarks on generated curation trees (see benchmarks/README.md)."""
