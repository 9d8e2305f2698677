"""Accounts: the User model, roles and who may set them (app label `kms`)."""
