"""Benchmarks of the pipeline and the generated SDKs: `make bench` runs bench/run.py."""
