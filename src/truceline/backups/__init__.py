"""Backups of a store: its database and its evidence files, in one archive with a manifest."""
