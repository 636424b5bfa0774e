"""Reports and letters drawn from the record: a daily report, a situation report, a committee
brief, a protest letter and a request for clarification under a treaty.

``services`` and ``letters`` build a :class:`~truceline.reports.document.Document` from the
record (every fact with its numbered source); ``render`` turns one into HTML, PDF or DOCX.
"""
