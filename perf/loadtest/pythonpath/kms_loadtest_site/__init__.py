"""The load test's site: the production settings plus a trivial view and a
query counter. Put on PYTHONPATH by the load-test runner, outside any
checkout, so that it serves an older checkout unchanged (it imports only
`kms.settings` and `kms.urls`, which every checkout has)."""
