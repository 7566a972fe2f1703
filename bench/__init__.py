"""Benchmark harness: data generator, comparison systems and runner. Never imported by the API."""
