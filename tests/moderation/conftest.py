import pytest

from tests.factories import CorrespondentAssignmentFactory, UserFactory


@pytest.fixture
def division_correspondent(theme, division, sibling_division):
    """Correspondent for `theme`, limited to the retail division (and its departments)."""
    user = UserFactory(first_name="Dina", last_name="Division", entity=sibling_division)
    CorrespondentAssignmentFactory(user=user, theme=theme, entities=[division])
    return user
