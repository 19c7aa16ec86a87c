"""The benchmark's floor page and archive record; installed only by
``benchmarks.bench_settings``."""
