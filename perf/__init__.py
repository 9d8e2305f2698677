"""Load tests: national-scale data and the timing of pages against it.

Not to be confused with the `benchmarking` app, which benchmarks clusters
and SMEs: this package only measures the portal's own speed.
"""
