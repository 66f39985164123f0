"""The data schemathesis meets: the security tests' fixture world (tests/security/world.py:
one person per role, ideas at every stage, comments, a challenge, an evaluation), written
through the services in a few seconds. Printed: `<caller> <token>` for the employee and
the community manager, whose personal API tokens the run uses."""

from accounts.tokens import api_token_create
from tests.factories import EntityFactory, seeded_theme
from tests.security.world import build_world


def build() -> dict[str, str]:
    group = EntityFactory(name="Multitude Group", code="group", kind="group")
    division = EntityFactory(name="Retail division", code="retail", kind="division", parent=group)
    department = EntityFactory(name="Stores department", code="stores", kind="department", parent=division)
    sibling_division = EntityFactory(name="Industry division", code="industry", kind="division", parent=group)
    world = build_world(seeded_theme("cost-savings"), seeded_theme("workplace"), department, sibling_division)
    tokens = {}
    for caller in ("employee", "community_manager"):
        _token, raw = api_token_create(by=world.user(caller), name="fuzz")
        tokens[caller] = raw
    return tokens


if __name__ == "__main__":  # run by manage.py shell
    for caller, raw in build().items():
        print(caller, raw)
