"""Conflicts as data: each conflict's definition (parties, lines, time zone, bodies) in the store."""
