"""The shared library below every app: it imports none of them.

Text folding, dates, downloads, form helpers, enqueueing after commit,
checked uploads, admin mixins, the metric registry. CI checks that nothing
here imports an app of the portal (import-linter, pyproject.toml).
"""
