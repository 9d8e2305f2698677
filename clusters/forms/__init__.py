"""Forms of the clusters app, one module per area (manage, work, partners).

Validation of the domain lives in models and services; forms shape input and
show errors next to their fields.
"""
