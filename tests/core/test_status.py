"""The status vocabulary names each status in words."""

from quizapp.core.status import Status, badge_label


def test_every_status_has_a_label_and_a_meaning():
    assert [s.label for s in Status] == [
        "Approved drug",
        "Research",
        "Rule",
        "Withdrawn",
        "Background",
    ]
    assert all(s.meaning.endswith(".") for s in Status)


def test_a_conditional_approval_is_shown_as_such_and_only_for_approved_drugs():
    assert badge_label(Status.APPROVED_DRUG, conditional=True) == "Approved drug (conditional)"
    assert badge_label(Status.RESEARCH, conditional=True) == "Research"
