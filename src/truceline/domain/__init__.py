"""The pure domain: records as casebooks, imports and services take them, and conflicts as data.

Nothing here imports the database, the web or settings.
"""
