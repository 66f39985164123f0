"""Pages in French and in English: from the browser, the language cookie, or the
person's saved choice; and the language switcher."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from ideas.models import Stage
from tests.factories import IdeaFactory

# The French catalogue is compiled and committed; without it only the lang attribute is
# checked, so a fresh catalogue being written does not break the suite.
FRENCH_CATALOGUE = (Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.mo").exists()


@pytest.fixture
def pages(author, correspondent, theme):
    published = IdeaFactory(author=author, stage=Stage.PUBLISHED, theme=theme)
    IdeaFactory(author=author, stage=Stage.SUBMITTED, theme=theme)
    # page → (url, who opens it, French text, English text)
    return {
        "list": (reverse("ideas:list"), author, "<h1>Idées</h1>", "<h1>Ideas</h1>"),
        "detail": (published.get_absolute_url(), author, "Historique", "History"),
        "form": (reverse("ideas:create"), author, "<h1>Proposer une idée</h1>", "<h1>Post an idea</h1>"),
        "mine": (reverse("ideas:mine"), author, "<h1>Mes idées</h1>", "<h1>My ideas</h1>"),
        "queue": (reverse("moderation:queue"), correspondent, "Idées en attente de validation", "Ideas awaiting validation"),
        "profile": (reverse("accounts:profile", args=[author.pk]), author, "Idées publiées", "Published ideas"),
        "login": (reverse("account_login"), None, "Mot de passe", "Password"),
    }


PAGES = ["list", "detail", "form", "mine", "queue", "profile", "login"]


@pytest.mark.parametrize("page", PAGES)
def test_each_page_comes_in_french_for_a_french_browser(page, pages, client_for):
    url, user, french, english = pages[page]

    response = client_for(user, HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9,en;q=0.5").get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    if FRENCH_CATALOGUE or page == "login":  # allauth brings its own French
        assert french in html
        assert english not in html


@pytest.mark.parametrize("page", PAGES)
def test_each_page_comes_in_english_for_an_english_browser(page, pages, client_for):
    url, user, french, english = pages[page]

    response = client_for(user, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").get(url)

    html = response.content.decode()
    assert '<html lang="en">' in html
    assert english in html and french not in html


def test_french_is_the_default_language(client_for, author):
    html = client_for(author, HTTP_ACCEPT_LANGUAGE="").get(reverse("ideas:list")).content.decode()

    assert '<html lang="fr">' in html


def test_theme_names_follow_the_language(client_for, author, theme):
    IdeaFactory(author=author, stage=Stage.PUBLISHED, theme=theme)

    french = client_for(author, HTTP_ACCEPT_LANGUAGE="fr").get(reverse("ideas:list")).content.decode()
    english = client_for(author, HTTP_ACCEPT_LANGUAGE="en").get(reverse("ideas:list")).content.decode()

    assert "Recherche d&#x27;économies" in french and "Cost savings" not in french
    assert "Cost savings" in english and "Recherche d&#x27;économies" not in english


def test_the_language_cookie_wins_over_the_browser(client_for, author):
    client = client_for(author, HTTP_ACCEPT_LANGUAGE="fr")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    assert '<html lang="en">' in client.get(reverse("ideas:list")).content.decode()


def test_the_persons_saved_language_wins_over_browser_and_cookie(client_for, author):
    author.language = "en"
    author.save(update_fields=["language"])
    client = client_for(author, HTTP_ACCEPT_LANGUAGE="fr")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    html = client.get(reverse("ideas:list")).content.decode()

    assert '<html lang="en">' in html and "<h1>Ideas</h1>" in html


def test_the_switcher_sets_the_cookie_and_saves_the_choice_on_the_profile(client_for, author):
    client = client_for(author, HTTP_ACCEPT_LANGUAGE="fr")

    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": reverse("ideas:mine")})

    assert response.status_code == 302 and response.url == reverse("ideas:mine")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    author.refresh_from_db()
    assert author.language == "en"
    assert '<html lang="en">' in client.get(reverse("ideas:mine")).content.decode()
    # And it follows the person to another device
    assert '<html lang="en">' in client_for(author, HTTP_ACCEPT_LANGUAGE="fr").get(reverse("ideas:list")).content.decode()


def test_the_switcher_works_before_logging_in(client_for, db):
    client = client_for(None, HTTP_ACCEPT_LANGUAGE="fr")

    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": reverse("account_login")})

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in client.get(reverse("account_login")).content.decode()


def test_the_switcher_ignores_an_unknown_language(client_for, author):
    response = client_for(author).post(reverse("accounts:set_language"), {"language": "xx", "next": "/ideas/"})

    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    author.refresh_from_db()
    assert author.language == ""


def test_the_switcher_never_sends_away_to_another_site(client_for, author):
    response = client_for(author).post(reverse("accounts:set_language"), {"language": "en", "next": "https://evil.example/"})

    assert response.url == "/"


def test_the_switcher_offers_the_other_language(client_for, author):
    french = client_for(author, HTTP_ACCEPT_LANGUAGE="fr").get(reverse("ideas:list")).content.decode()
    english = client_for(author, HTTP_ACCEPT_LANGUAGE="en").get(reverse("ideas:list")).content.decode()

    assert 'name="language" value="en"' in french and 'name="language" value="fr"' not in french
    assert 'name="language" value="fr"' in english
