"""The workflow of an observer finding, as an explicit transition table.

::

    draft ──submit──► in_review ──finalise──► final
      ▲                   │
      └──────return───────┘
    draft, in_review ──withdraw──► withdrawn

``final`` and ``withdrawn`` are terminal. A final finding is never edited or withdrawn: it has
been published and has changed the status of violations, and "nobody edits or deletes history".
To correct it, observers record a *new* finding that names the old one in ``supersedes``; once the
new one is final, the old one stops counting from that date on, and a verdict recomputed
``as_of`` an earlier date still sees the old one (see ``docs/compliance.md``).

Who may do what is data too (:data:`PERMISSIONS`): observers and coordinators draft, submit,
return, finalise and withdraw findings; the party and public roles may do none of it. Returning or
finalising is a review, and a review needs a second pair of eyes: the reviewer may not be the
finding's author (:data:`FOUR_EYES`).

Pure: no database, web or settings imports.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from truceline.vocabulary import FindingState, Role

__all__ = [
    "FOUR_EYES",
    "INITIAL_STATE",
    "PERMISSIONS",
    "TERMINAL_STATES",
    "TRANSITIONS",
    "FindingAction",
    "InvalidTransition",
    "NotPermitted",
    "allowed_actions",
    "authorise",
    "transition",
]


class FindingAction(StrEnum):
    CREATE = "create"  # record a new finding (it starts as a draft)
    SUBMIT = "submit"  # draft -> in_review
    RETURN = "return"  # in_review -> draft, with the reviewer's remarks
    FINALISE = "finalise"  # in_review -> final: it now counts from this date
    WITHDRAW = "withdraw"  # draft | in_review -> withdrawn


INITIAL_STATE = FindingState.DRAFT

#: (state, action) -> new state. Anything not listed is an invalid transition.
TRANSITIONS: Mapping[tuple[FindingState, FindingAction], FindingState] = {
    (FindingState.DRAFT, FindingAction.SUBMIT): FindingState.IN_REVIEW,
    (FindingState.DRAFT, FindingAction.WITHDRAW): FindingState.WITHDRAWN,
    (FindingState.IN_REVIEW, FindingAction.RETURN): FindingState.DRAFT,
    (FindingState.IN_REVIEW, FindingAction.FINALISE): FindingState.FINAL,
    (FindingState.IN_REVIEW, FindingAction.WITHDRAW): FindingState.WITHDRAWN,
}

TERMINAL_STATES: frozenset[FindingState] = frozenset(
    s for s in FindingState if not any(state == s for state, _ in TRANSITIONS)
)

#: action -> the roles that may take it
PERMISSIONS: Mapping[FindingAction, frozenset[Role]] = {
    FindingAction.CREATE: frozenset({Role.OBSERVER, Role.COORDINATOR}),
    FindingAction.SUBMIT: frozenset({Role.OBSERVER, Role.COORDINATOR}),
    FindingAction.RETURN: frozenset({Role.OBSERVER, Role.COORDINATOR}),
    FindingAction.FINALISE: frozenset({Role.OBSERVER, Role.COORDINATOR}),
    FindingAction.WITHDRAW: frozenset({Role.OBSERVER, Role.COORDINATOR}),
}

#: actions that are a review: the actor may not be the finding's author
FOUR_EYES: frozenset[FindingAction] = frozenset({FindingAction.RETURN, FindingAction.FINALISE})


class InvalidTransition(ValueError):
    """An action that the transition table does not allow from a state."""

    def __init__(self, state: FindingState | str, action: FindingAction | str) -> None:
        self.state = str(state)
        self.action = str(action)
        allowed = ", ".join(str(a) for a in allowed_actions(state)) if _is_state(state) else ""
        hint = f"; from {self.state} one may: {allowed}" if allowed else f"; {self.state} is terminal"
        if not _is_state(state):
            hint = f"; known states: {', '.join(str(s) for s in FindingState)}"
        super().__init__(f"cannot {self.action} a finding that is {self.state}{hint}")


class NotPermitted(PermissionError):
    """The actor's role, or the four-eyes rule, forbids the action."""


def _is_state(state: FindingState | str) -> bool:
    return str(state) in {str(s) for s in FindingState}


def transition(state: FindingState | str, action: FindingAction | str) -> FindingState:
    """The state a finding moves to when ``action`` is taken, or :class:`InvalidTransition`."""
    try:
        key = (FindingState(state), FindingAction(action))
    except ValueError:
        raise InvalidTransition(state, action) from None
    new = TRANSITIONS.get(key)
    if new is None:
        raise InvalidTransition(key[0], key[1])
    return new


def allowed_actions(state: FindingState | str) -> tuple[FindingAction, ...]:
    """The actions the table allows from ``state``, in table order."""
    s = FindingState(state)
    return tuple(action for (from_state, action) in TRANSITIONS if from_state == s)


def authorise(
    action: FindingAction | str,
    role: Role | str,
    *,
    actor: str | None = None,
    author: str | None = None,
) -> None:
    """Raise :class:`NotPermitted` unless ``role`` may take ``action`` (and, for a review, the
    ``actor`` is not the finding's ``author``)."""
    act = FindingAction(action)
    if Role(role) not in PERMISSIONS[act]:
        allowed = ", ".join(sorted(str(r) for r in PERMISSIONS[act]))
        raise NotPermitted(f"a {role} may not {act} a finding (allowed: {allowed})")
    if act in FOUR_EYES and actor is not None and author is not None and actor == author:
        raise NotPermitted(f"the author of a finding may not {act} it: another observer must review it")
