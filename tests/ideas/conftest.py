import pytest

from tests.factories import CorrespondentAssignmentFactory, UserFactory


@pytest.fixture
def other_theme_correspondent(other_theme, sibling_division):
    user = UserFactory(first_name="Oscar", last_name="Other", entity=sibling_division)
    CorrespondentAssignmentFactory(user=user, theme=other_theme)
    return user


@pytest.fixture
def superuser(sibling_division):
    return UserFactory(first_name="Sam", last_name="Super", entity=sibling_division, is_staff=True, is_superuser=True)


@pytest.fixture
def people(author, colleague, correspondent, other_theme_correspondent, community_manager, superuser):
    """Every role, by name, for permission tables."""
    return {
        "author": author,
        "colleague": colleague,
        "correspondent": correspondent,
        "other_theme_correspondent": other_theme_correspondent,
        "community_manager": community_manager,
        "superuser": superuser,
    }
