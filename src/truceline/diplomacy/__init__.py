"""Meetings, letters and statements as records people read: lists, details, and what concerns
an incident or an agreement (the rows live in :mod:`truceline.agreements.models`)."""
