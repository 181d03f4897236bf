"""Display names and pseudonyms are unique as a reader tells them apart, so no student can
appear on a board as another."""

import pytest

from quizapp.extensions import db
from quizapp.models import User
from tests.accounts import AuthActions, csrf_token

TAKEN = "Another account already shows that"
# "Anna Lee" to a reader: capitals, extra spaces, full-width letters, a zero-width space.
LOOK_ALIKES = ["anna lee", "ANNA  LEE", " Anna Lee ", "Ａｎｎａ Ｌｅｅ", "Anna\u200b Lee"]


def save_profile(client, display_name, privacy="named", pseudonym=""):
    """Submit the profile form."""
    return client.post(
        "/auth/profile",
        data={
            "csrf_token": csrf_token(client, "/auth/profile"),
            "display_name": display_name,
            "board_privacy": privacy,
            "pseudonym": pseudonym,
        },
        follow_redirects=True,
    )


def names(app):
    with app.app_context():
        return {
            u.username: (u.display_name, u.pseudonym)
            for u in db.session.execute(db.select(User)).scalars()
        }


@pytest.mark.parametrize("look_alike", LOOK_ALIKES)
def test_registering_under_anothers_display_name_is_refused_with_a_message(
    app, client, auth, look_alike
):
    auth.make_user("anna", display_name="Anna Lee")
    reply = auth.register("mallory", display_name=look_alike)
    assert reply.status_code == 200
    assert TAKEN in reply.get_data(as_text=True) and "display name" in reply.get_data(as_text=True)
    assert "mallory" not in names(app)


@pytest.mark.parametrize("look_alike", LOOK_ALIKES)
def test_taking_anothers_name_on_the_profile_is_refused(app, client, auth, look_alike):
    auth.make_user("anna", display_name="Anna Lee")
    auth.make_user("mallory", display_name="Mallory")
    auth.login("mallory")
    html = save_profile(client, look_alike).get_data(as_text=True)
    assert TAKEN in html and "Your profile is saved" not in html
    html = save_profile(client, "Mallory", "pseudonym", look_alike).get_data(as_text=True)
    assert TAKEN in html and "Your profile is saved" not in html
    assert names(app)["mallory"] == ("Mallory", None)


def test_a_pseudonym_taken_by_another_is_refused_as_a_display_name(app, client, auth):
    auth.make_user("anna", display_name="Anna Lee")
    auth.login("anna")
    save_profile(client, "Anna Lee", "pseudonym", "Quiet Fox")
    other = app.test_client()
    AuthActions(app, other).register("mallory", display_name="quiet fox")
    assert "mallory" not in names(app)


def test_ones_own_names_are_not_taken_from_oneself(app, client, auth):
    auth.make_user("anna", display_name="Anna Lee")
    auth.login("anna")
    html = save_profile(client, "ANNA LEE", "pseudonym", "anna lee").get_data(as_text=True)
    assert "Your profile is saved" in html
    assert names(app)["anna"] == ("ANNA LEE", "anna lee")


def test_the_command_line_refuses_a_taken_display_name(app, runner, auth):
    auth.make_user("anna", display_name="Anna Lee")
    result = runner.invoke(
        args=["users", "create", "mallory", "--display-name", "anna  lee"],
        input="correct horse\n",
    )
    assert result.exit_code != 0 and "Another account shows the name" in result.output


def test_the_database_refuses_a_look_alike_that_slips_past_the_form(app):
    """Two registrations racing: the unique key decides, and the service says which name."""
    from quizapp.auth import service as services
    from quizapp.models import Role

    with app.app_context():
        services.create_user("anna", "Anna Lee", "correct horse", Role.STUDENT)
        with pytest.raises(services.NameTaken):
            services.create_user("mallory", "ＡＮＮＡ  lee", "correct horse", Role.STUDENT)
        with pytest.raises(services.UsernameTaken):
            services.create_user("ANNA", "Someone Else", "correct horse", Role.STUDENT)
