"""Starting states for the browser tests, written with the factories and services inside
`site.db()`. Every name carries the test's tag, so tests sharing the site's database never
see each other's people, business units or themes."""

import unicodedata

from allauth.account.models import EmailAddress

from ideas.models import Theme
from tests.factories import CorrespondentAssignmentFactory, EntityFactory, ThemeFactory, UserFactory


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace(" ", "-")


def _tagged(text: str, tag: str, separator: str) -> str:
    return f"{text}{separator}{tag}" if tag else text


def person(tag: str, first_name: str, last_name: str, *, entity, language: str = "", **kwargs):
    """An active employee with a verified company address, who signs in with PASSWORD."""
    email = f"{_tagged(f'{_ascii(first_name)}.{_ascii(last_name)}', tag, '.')}@multitude.example"
    user = UserFactory(email=email, first_name=first_name, last_name=last_name, entity=entity, **kwargs)
    if language:
        user.language = language
        user.save(update_fields=["language"])
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def entity(tag: str, name: str, **kwargs):
    return EntityFactory(name=_tagged(name, tag, " "), code=_tagged(_ascii(name), tag, "-"), **kwargs)


def theme(tag: str, name_fr: str = "Achats groupés", name_en: str = "Group buying") -> Theme:
    return ThemeFactory(slug=f"theme-{tag}", name_fr=f"{name_fr} {tag}", name_en=f"{name_en} {tag}")


def correspondent_for(theme_, user):
    CorrespondentAssignmentFactory(user=user, theme=theme_)
    return user
