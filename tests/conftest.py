"""Fixtures and hooks shared by the whole suite; an app's own fixtures go in tests/<app>/conftest.py."""

import shutil

import pytest
from django.core.cache import cache
from django.test import Client

from accounts import identity
from ideas import events
from tests.factories import CorrespondentAssignmentFactory, EntityFactory, Role, UserFactory, seeded_theme


# --- Random order ------------------------------------------------------------------------


def pytest_terminal_summary(terminalreporter, config):
    """pytest-randomly runs the tests in an order drawn from a seed and prints it in the header;
    say it again at the end, where a failure is read, with the command that replays it."""
    seed = config.getoption("randomly_seed", None)
    if isinstance(seed, int) and config.getoption("randomly_reorganize", True):
        terminalreporter.write_line(
            f"Tests ran in random order, seed {seed}. Same order again: "
            f"make test ARGS='--randomly-seed={seed}' (with the same other arguments)"
        )


# --- Isolation between tests ------------------------------------------------------------


@pytest.fixture(autouse=True)
def _clear_cache():
    """Start every test with an empty cache: allauth keeps its login rate-limit counters
    there, and with REDIS_URL set the cache outlives the test process too."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _remove_uploaded_files():
    """Pictures uploaded by the tests go to a temporary MEDIA_ROOT; remove it after the run."""
    yield
    from django.conf import settings

    if "multitude-media-" in str(settings.MEDIA_ROOT):
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


# --- Session time ---------------------------------------------------------------------


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        moment = 1_900_000_000.0

        def advance(self, seconds):
            self.moment += seconds

    clock = Clock()
    monkeypatch.setattr(identity, "now", lambda: clock.moment)
    return clock


@pytest.fixture
def short_sessions(settings):
    settings.SESSION_COOKIE_AGE = 8 * 3600
    settings.SESSION_IDLE_TIMEOUT = 3600


# --- People, themes and clients (see tests/factories.py) -------------------------------


@pytest.fixture
def theme(db):
    return seeded_theme("cost-savings")


@pytest.fixture
def other_theme(db):
    return seeded_theme("workplace")


@pytest.fixture
def group(db):
    """group → division → department, to test "this unit and its sub-units"."""
    return EntityFactory(name="Multitude Group", code="group", kind="group")


@pytest.fixture
def division(group):
    return EntityFactory(name="Retail division", code="retail", kind="division", parent=group)


@pytest.fixture
def department(division):
    return EntityFactory(name="Stores department", code="stores", kind="department", parent=division)


@pytest.fixture
def sibling_division(group):
    return EntityFactory(name="Industry division", code="industry", kind="division", parent=group)


@pytest.fixture
def author(department):
    return UserFactory(first_name="Alice", last_name="Author", email="alice@multitude.example", entity=department)


@pytest.fixture
def colleague(department):
    return UserFactory(first_name="Colin", last_name="Colleague", email="colin@multitude.example", entity=department)


@pytest.fixture
def correspondent(theme, sibling_division):
    """Functional correspondent for `theme`, every business unit, from another division."""
    user = UserFactory(first_name="Cora", last_name="Correspondent", entity=sibling_division)
    CorrespondentAssignmentFactory(user=user, theme=theme)
    return user


@pytest.fixture
def other_theme_correspondent(other_theme, sibling_division):
    user = UserFactory(first_name="Oscar", last_name="Other", entity=sibling_division)
    CorrespondentAssignmentFactory(user=user, theme=other_theme)
    return user


@pytest.fixture
def community_manager(sibling_division):
    return UserFactory(first_name="Camille", last_name="Manager", entity=sibling_division, roles=[Role.COMMUNITY_MANAGER])


@pytest.fixture
def executive(sibling_division):
    return UserFactory(first_name="Eric", last_name="Executive", entity=sibling_division, roles=[Role.EXECUTIVE])


@pytest.fixture
def superuser(sibling_division):
    """A Django superuser: an administrator here, with no bypass of the platform's rules."""
    return UserFactory(first_name="Sam", last_name="Super", entity=sibling_division, is_staff=True, is_superuser=True)


@pytest.fixture
def client_for(db):
    """client_for(user) → a test client signed in as `user` (None: anonymous). Pages come in
    English unless the test asks otherwise (the site's default language is French)."""

    def make(user=None, **defaults):
        defaults.setdefault("HTTP_ACCEPT_LANGUAGE", "en")
        client = Client(**defaults)
        if user is not None:
            client.force_login(user)
        return client

    return make


# --- Domain events ----------------------------------------------------------------------

DOMAIN_EVENTS = [
    "idea_created", "idea_submitted", "idea_published", "idea_changes_requested", "idea_rejected",
    "idea_stage_changed", "idea_edited", "vote_cast", "vote_withdrawn", "comment_posted", "comment_edited",
    "comment_deleted",
]


@pytest.fixture
def sent_events():
    """The domain events received by a listener, as (name, payload) in sending order."""
    received = []
    listeners = []
    for name in DOMAIN_EVENTS:
        def listener(sender, signal, _name=name, **payload):
            received.append((_name, payload))

        getattr(events, name).connect(listener, weak=False)
        listeners.append((getattr(events, name), listener))
    yield received
    for signal, listener in listeners:
        signal.disconnect(listener)


# --- Language ---------------------------------------------------------------------------


@pytest.fixture
def english():
    """Messages built outside a request come in English (the site's default is French)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def site_default_language():
    """Each test starts in the site's default language: a request in an earlier test must not
    decide which language a later one sees (the locale middleware leaves its choice active)."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def migrations_data(django_db_blocker):
    """What the data migrations write (themes, the bilingual lexicon, points rules and
    badges), written again: a transactional test starts with whatever an earlier one left,
    tables flushed included. Each step is idempotent."""
    import importlib

    from django.apps import apps

    with django_db_blocker.unblock():
        for module, function in (("ideas.migrations.0002_default_themes", "create_themes"),
                                 ("ideas.migrations.0014_seed_lexicon", "seed"),  # 0015 seeds the same file again
                                 ("gamification.migrations.0002_default_rules_and_badges", "create_defaults")):
            getattr(importlib.import_module(module), function)(apps, None)
