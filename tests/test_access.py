"""Who may read what: the access rules, a user's groups, their settings, and the service of a
signed-in user, which returns, cites, counts and lists only what that user may read."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.access import Access, AccessRules, Rule, user_groups
from search.settings import ConfigError, Settings, check_for_serving, load_settings
from tests.conftest import write

BOARD_RULES = AccessRules(
    (
        Rule("*", ("medlemmar",)),
        Rule("*/styrelse/**", ("styrelsen",)),
        Rule("**/personal/", ("personalutskottet", "styrelsen")),
        Rule("offentligt/", None),
    )
)


def _reads(groups: tuple[str, ...], path: str, rules: AccessRules = BOARD_RULES) -> bool:
    return Access(rules, groups).may_read(path)


# --- the rules --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "readers"),
    [
        ("forening/arsmote/2023-04-20/protokoll.txt", ("medlemmar",)),  # the default
        ("forening/styrelse/2023-03-01/protokoll.txt", ("styrelsen",)),
        ("forening/styrelse/bilagor/budget.pdf", ("styrelsen",)),
        ("a/b/styrelse/protokoll.txt", ("medlemmar",)),  # "*" is one folder deep only
        ("forening/styrelse.txt", ("medlemmar",)),  # a file named like the folder
        ("personal/2023.txt", ("personalutskottet", "styrelsen")),  # "**/" at any depth
        ("forening/styrelse/personal/2023.txt", ("personalutskottet", "styrelsen")),
        ("offentligt/2023-01-01.md", None),  # "everyone"
    ],
)
def test_the_last_rule_that_matches_a_path_decides(path, readers):
    assert BOARD_RULES.readers(path) == readers


def test_a_path_no_rule_matches_is_read_by_everyone_who_signs_in():
    rules = AccessRules((Rule("*/styrelse/**", ("styrelsen",)),))
    assert rules.readers("forening/arsmote/protokoll.txt") is None
    assert _reads((), "forening/arsmote/protokoll.txt", rules)
    assert not _reads((), "forening/styrelse/protokoll.txt", rules)


def test_a_user_in_several_groups_reads_what_any_of_them_may():
    both = ("medlemmar", "styrelsen")
    assert _reads(both, "forening/styrelse/protokoll.txt")
    assert _reads(both, "forening/arsmote/protokoll.txt")
    assert _reads(("styrelsen",), "forening/styrelse/protokoll.txt")
    assert not _reads(("styrelsen",), "forening/arsmote/protokoll.txt")  # not a member
    assert not _reads(("medlemmar",), "forening/styrelse/protokoll.txt")
    assert not _reads((), "forening/arsmote/protokoll.txt")
    assert _reads((), "offentligt/2023-01-01.md")


def test_readable_is_a_mask_over_the_paths():
    paths = ["a/styrelse/x.txt", "a/arsmote/y.txt", "offentligt/z.txt"]
    mask = Access(BOARD_RULES, ("medlemmar",)).readable(paths)
    assert mask.tolist() == [False, True, True]


# --- a user's groups --------------------------------------------------------------------------

EMAILS = {"styrelsen": frozenset({"anna@example.org"})}


@pytest.mark.parametrize(
    ("claims", "groups"),
    [
        ({"groups": ["medlemmar", "styrelsen"]}, ("medlemmar", "styrelsen")),
        ({"groups": "medlemmar"}, ("medlemmar",)),  # one group as a string
        ({}, ()),  # the claim is not in the token
        ({"roles": ["styrelsen"]}, ()),  # another claim than the one configured
        ({"groups": 7}, ()),  # a claim of an unknown kind
        ({"groups": [{"id": "x"}, "", "medlemmar"]}, ("medlemmar",)),
        ({"email": "Anna@Example.org"}, ("styrelsen",)),  # the e-mail allow-list
        ({"email": "anna@example.org", "email_verified": False}, ()),  # not verified
        ({"email": "anna@example.org", "groups": ["medlemmar"]}, ("medlemmar", "styrelsen")),
        ({"email": "bertil@example.org"}, ()),
    ],
)
def test_groups_come_from_the_claim_and_the_email_allow_list(claims, groups):
    assert user_groups(claims, "groups", EMAILS) == groups


def test_the_claim_is_configurable():
    assert user_groups({"roles": ["styrelsen"], "groups": ["x"]}, "roles", {}) == ("styrelsen",)


# --- settings ---------------------------------------------------------------------------------

AUTH = """[auth]
redirect_uri = "http://localhost:8501/oauth2callback"
cookie_secret = "{secret}"
client_id = "minutes"
client_secret = "topphemligt"
server_metadata_url = "https://login.example.org/.well-known/openid-configuration"
"""


def _settings(tmp_path: Path, toml: str, **environ: str) -> Settings:
    config = write(tmp_path / "minutes.toml", toml)
    return load_settings(config_file=config, environ=environ)


def test_the_access_settings_are_read(tmp_path):
    settings = _settings(
        tmp_path,
        'groups_claim = "roles"\naudit_log = "audit.log"\n'
        '[access]\n"*" = ["medlemmar"]\n"*/styrelse/**" = ["styrelsen"]\n"open/" = "everyone"\n'
        '[group_emails]\nstyrelsen = ["Anna@Example.org"]\n',
    )
    assert settings.access == AccessRules(
        (Rule("*", ("medlemmar",)), Rule("*/styrelse/**", ("styrelsen",)), Rule("open/", None))
    )
    assert settings.groups_claim == "roles"
    assert settings.group_emails == {"styrelsen": frozenset({"anna@example.org"})}
    assert settings.audit_log == Path("audit.log")
    assert settings.auth_file == Path(".streamlit/secrets.toml")


@pytest.mark.parametrize(
    ("toml", "said"),
    [
        ('[access]\n"a/" = ["x"]\n"*" = ["y"]\n', "'*' matches every document"),
        ('[access]\n"!a/" = ["x"]\n', "'!a/' is a negated pattern"),
        ('[access]\n"a/" = 3\n', '3 is not "everyone" or a list of groups'),
        ('[access]\n"a/" = "alla"\n', "'alla' is not \"everyone\""),
        ('[group_emails]\nstyrelsen = ["anna"]\n', "'anna' is not an e-mail address"),
        ('groups_claim = "två ord"\n', "holds spaces"),
        ('access = "styrelsen"\n', "is of the wrong type"),
    ],
)
def test_access_settings_that_cannot_be_used_name_the_setting(tmp_path, toml, said):
    with pytest.raises(ConfigError) as error:
        _settings(tmp_path, toml)
    assert said in str(error.value) and "\n" not in str(error.value)


def test_permissions_without_sign_in_are_refused(tmp_path):
    settings = _settings(tmp_path, '[access]\n"*" = ["medlemmar"]\n')
    with pytest.raises(ConfigError) as error:
        check_for_serving(settings)
    assert str(error.value).startswith("setting access (file ")
    assert "it needs sign-in, and '.streamlit/secrets.toml' has no [auth] section" in str(
        error.value
    )


def test_an_auth_section_turns_sign_in_on(tmp_path):
    secrets = write(tmp_path / "secrets.toml", AUTH.format(secret="x" * 32))
    settings = _settings(
        tmp_path, '[access]\n"*" = ["medlemmar"]\n', MINUTES_AUTH_FILE=str(secrets)
    )
    assert check_for_serving(settings)
    assert not check_for_serving(_settings(tmp_path, ""))  # no .streamlit/secrets.toml here


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (('client_id = "minutes"\n', ""), "'[auth] client_id' is missing"),
        (("x" * 32, "kort"), "'[auth] cookie_secret' is shorter than 32 characters"),
        (("8501/oauth2callback", "8501/"), "ending in /oauth2callback"),
        (('client_secret = "topphemligt"', "client_secret = 5"), "'[auth] client_secret'"),
        (("https://login", "ftp://login"), "is not an http:// or https:// address"),
    ],
)
def test_an_auth_section_that_cannot_be_used_is_named_without_its_secrets(tmp_path, change, said):
    secrets = write(tmp_path / "secrets.toml", AUTH.format(secret="x" * 32).replace(*change))
    with pytest.raises(ConfigError) as error:
        check_for_serving(_settings(tmp_path, "", MINUTES_AUTH_FILE=str(secrets)))
    message = str(error.value)
    assert message.startswith("setting auth_file (environment variable MINUTES_AUTH_FILE)")
    assert said in message and "topphemligt" not in message and "x" * 32 not in message


def test_a_named_auth_file_must_exist_and_end_in_toml(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        check_for_serving(_settings(tmp_path, "", MINUTES_AUTH_FILE=str(tmp_path / "a.toml")))
    with pytest.raises(ConfigError, match="is not a .toml file"):
        _settings(tmp_path, "", MINUTES_AUTH_FILE=str(tmp_path / "secrets.txt"))


def test_the_audit_log_must_be_writable(tmp_path):
    secrets = write(tmp_path / "secrets.toml", AUTH.format(secret="x" * 32))
    missing = tmp_path / "saknas" / "audit.log"
    settings = _settings(tmp_path, f'audit_log = "{missing}"\n', MINUTES_AUTH_FILE=str(secrets))
    with pytest.raises(ConfigError, match="setting audit_log .* does not exist"):
        check_for_serving(settings)
