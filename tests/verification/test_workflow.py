"""The findings workflow table and who may do what."""

from __future__ import annotations

import pytest

from truceline.verification.workflow import (
    FOUR_EYES,
    INITIAL_STATE,
    PERMISSIONS,
    TERMINAL_STATES,
    TRANSITIONS,
    FindingAction,
    InvalidTransition,
    NotPermitted,
    allowed_actions,
    authorise,
    transition,
)
from truceline.vocabulary import FindingState as S
from truceline.vocabulary import Role

EXPECTED = {
    (S.DRAFT, FindingAction.SUBMIT): S.IN_REVIEW,
    (S.DRAFT, FindingAction.WITHDRAW): S.WITHDRAWN,
    (S.IN_REVIEW, FindingAction.RETURN): S.DRAFT,
    (S.IN_REVIEW, FindingAction.FINALISE): S.FINAL,
    (S.IN_REVIEW, FindingAction.WITHDRAW): S.WITHDRAWN,
}


def test_the_table_is_exactly_the_documented_one() -> None:
    assert dict(TRANSITIONS) == EXPECTED
    assert INITIAL_STATE == S.DRAFT
    assert {S.FINAL, S.WITHDRAWN} == TERMINAL_STATES


@pytest.mark.parametrize(("key", "new"), list(EXPECTED.items()))
def test_every_allowed_transition(key: tuple[S, FindingAction], new: S) -> None:
    assert transition(*key) == new
    assert transition(str(key[0]), str(key[1])) == new  # plain strings from the database work too


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("action", list(FindingAction))
def test_every_other_pair_is_invalid(state: S, action: FindingAction) -> None:
    if (state, action) in EXPECTED:
        return
    with pytest.raises(InvalidTransition) as info:
        transition(state, action)
    assert str(state) in str(info.value) and str(action) in str(info.value)


def test_final_is_terminal_and_the_error_says_so() -> None:
    with pytest.raises(InvalidTransition, match="final is terminal"):
        transition(S.FINAL, FindingAction.WITHDRAW)
    with pytest.raises(InvalidTransition, match="from draft one may: submit, withdraw"):
        transition(S.DRAFT, FindingAction.FINALISE)


def test_unknown_states_and_actions_are_invalid_transitions() -> None:
    with pytest.raises(InvalidTransition, match="known states"):
        transition("published", FindingAction.SUBMIT)
    with pytest.raises(InvalidTransition):
        transition(S.DRAFT, "approve")


def test_allowed_actions() -> None:
    assert allowed_actions(S.IN_REVIEW) == (FindingAction.RETURN, FindingAction.FINALISE, FindingAction.WITHDRAW)
    assert allowed_actions(S.FINAL) == ()


def test_a_draft_reaches_final_only_through_review() -> None:
    state = INITIAL_STATE
    for action in (FindingAction.SUBMIT, FindingAction.RETURN, FindingAction.SUBMIT, FindingAction.FINALISE):
        state = transition(state, action)
    assert state == S.FINAL


@pytest.mark.parametrize("action", list(FindingAction))
def test_only_observers_and_coordinators_handle_findings(action: FindingAction) -> None:
    assert PERMISSIONS[action] == {Role.OBSERVER, Role.COORDINATOR}
    authorise(action, Role.OBSERVER)
    authorise(action, "coordinator")
    for role in (Role.PUBLIC, Role.PARTY):
        with pytest.raises(NotPermitted, match=f"a {role} may not"):
            authorise(action, role)


def test_a_review_needs_a_second_pair_of_eyes() -> None:
    assert {FindingAction.RETURN, FindingAction.FINALISE} == FOUR_EYES
    with pytest.raises(NotPermitted, match="another observer"):
        authorise(FindingAction.FINALISE, Role.OBSERVER, actor="ana", author="ana")
    authorise(FindingAction.FINALISE, Role.OBSERVER, actor="ben", author="ana")
    authorise(FindingAction.SUBMIT, Role.OBSERVER, actor="ana", author="ana")
