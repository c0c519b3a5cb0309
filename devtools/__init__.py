"""Tools for developing the app, shared by the browser tests (tests/e2e/) and the benchmarks (bench/, deploy/)."""
