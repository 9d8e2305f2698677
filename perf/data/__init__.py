"""National-scale data for the load test (perf.data.build runs the phases).
Only perf.data.words can be imported without Django."""
