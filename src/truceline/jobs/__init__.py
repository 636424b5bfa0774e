"""Background jobs: long work (imports, batch ingests, exports) whose state lives in the store.

A job runs the same function in the server's process on the embedded default, or on a
``truceline worker`` of a Dramatiq queue on Redis or RabbitMQ (``TRUCELINE_BROKER_URL``).
"""
