"""The words the field form's scripts (``static/field/app.js`` and ``map.js``) show, marked for the
catalogs. The page carries them in the reader's language (``#field-words``: each English message
with its translation), so the scripts speak the page's language offline too; they fill in the names
in braces ({n}, {problem} …) themselves."""

from __future__ import annotations

from truceline.domain.labels import N_

FIELD_WORDS: tuple[str, ...] = (
    N_("{n} photo(s)"),
    N_("{report} — waiting"),
    N_("{report} — not sent: {problem}"),
    N_("No report waiting."),
    N_("{n} report(s) waiting to be sent."),
    N_("Give the date and time it happened."),
    N_("not taken"),
    N_("Kept on this device."),
    N_("No connection: reports stay on this device until it returns."),
    N_("The connection dropped: the reports stay on this device."),
    N_("Log in again (while connected) and reopen this page to send the reports kept here."),
    N_("The server is busy: sending again shortly."),
    N_("refused ({status})"),
    N_("{n} report(s) sent to the review queue."),
    N_("this device cannot give its position"),
    N_("finding the position…"),
    N_("no position: {why}"),
    N_("This browser cannot keep the form for offline use; reports are still kept on the device."),
    N_("The map's script is not on this device: pick a place from the list or use the device's position."),
    N_("(picked on the map)"),
    N_("The map's data is not on this device yet: open this page once while connected."),
)
