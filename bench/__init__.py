"""Benchmarks: each script measures one thing as a ratio against a floor in the same run.

Run them from the repository's root as modules (`python -m bench.capacity --quick`), so `bench`,
`devtools` and `partnership` import as packages; `python -m bench.run_all` runs them all. Results
and commands: docs/performance.md.
"""
