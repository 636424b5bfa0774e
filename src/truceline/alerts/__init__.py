"""Early warning and alerts: an escalation signal per conflict and sector (``signal``: the pure
method; ``queries``: on the store), and subscriptions that send notices by e-mail and signed
webhook when something a subscriber follows changes (``subscriptions``, ``notices``, ``delivery``)."""
