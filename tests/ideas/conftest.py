import pytest


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
