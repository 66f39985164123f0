"""Writing ideas through the API: drafts, submission, edits guarded by ETag/If-Match;
browsing with the portal's filters, sorts and keyset cursor pages."""

import pytest

from ideas.models import Idea, Stage
from ideas.services import idea_update, vote_cast
from tests.factories import IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db

BODY = "Switch the warehouse lights to **LED** and add presence sensors."


def test_an_idea_is_saved_as_a_draft_then_submitted(api_for, author, theme, correspondent):
    client = api_for(author)
    created = client.post("/api/v1/ideas/", {"title": "LED lights in the warehouse", "body": BODY, "theme": theme.slug})
    assert created.status_code == 201
    idea = created.json()
    assert idea["stage"] == "draft" and idea["viewer_can"]["submit"] is True
    assert created["Location"].endswith(f"/api/v1/ideas/{idea['id']}/")
    assert created["ETag"]

    submitted = client.post(f"/api/v1/ideas/{idea['id']}/submit/")
    assert submitted.status_code == 200
    assert submitted.json()["stage"] == "submitted"
    assert [step["to_stage"] for step in submitted.json()["history"]] == ["submitted"]
    assert api_for(correspondent).get("/api/v1/moderation/queue/").json()["results"][0]["id"] == idea["id"]


def test_an_idea_can_be_submitted_at_once(api_for, author, theme):
    response = api_for(author).post(
        "/api/v1/ideas/", {"title": "LED lights in the warehouse", "body": BODY, "theme": theme.slug, "submit": True}
    )
    assert response.status_code == 201
    assert Idea.objects.get(pk=response.json()["id"]).stage == Stage.SUBMITTED


def test_submitting_twice_is_a_409_conflict(api_for, author, theme):
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED)
    response = api_for(author).post(f"/api/v1/ideas/{idea.pk}/submit/")
    assert response.status_code == 409
    assert response.json()["code"] == "wrong_stage"


def test_invalid_values_come_back_per_field_and_nothing_is_saved(api_for, author, theme):
    response = api_for(author).post("/api/v1/ideas/", {"title": "LED", "body": "", "theme": theme.slug})
    assert response.status_code == 400
    error = response.json()
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"title", "body"}
    unknown_theme = api_for(author).post("/api/v1/ideas/", {"title": "LED lights everywhere", "body": BODY, "theme": "nope"})
    assert unknown_theme.status_code == 400 and set(unknown_theme.json()["fields"]) == {"theme"}
    assert not Idea.objects.exists()


def test_a_malformed_body_is_a_400_in_the_error_format(api_for, author):
    response = api_for(author).generic("POST", "/api/v1/ideas/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_an_edit_needs_the_current_etag(api_for, author, theme):
    idea = IdeaFactory(author=author, theme=theme)
    client = api_for(author)
    url = f"/api/v1/ideas/{idea.pk}/"
    etag = client.get(url)["ETag"]

    missing = client.patch(url, {"title": "LED lights, take two"})
    assert missing.status_code == 428 and missing.json()["code"] == "precondition_required"
    stale = client.patch(url, {"title": "LED lights, take two"}, HTTP_IF_MATCH='"not-the-version"')
    assert stale.status_code == 412 and stale.json()["code"] == "precondition_failed"

    edited = client.patch(url, {"title": "LED lights, take two"}, HTTP_IF_MATCH=etag)
    assert edited.status_code == 200
    assert edited.json()["title"] == "LED lights, take two"
    assert edited["ETag"] != etag
    # The version read before the edit no longer works.
    again = client.patch(url, {"title": "LED lights, take three"}, HTTP_IF_MATCH=etag)
    assert again.status_code == 412
    idea.refresh_from_db()
    assert idea.title == "LED lights, take two"


def test_two_editors_cannot_silently_overwrite_each_other(api_for, author, theme):
    idea = IdeaFactory(author=author, theme=theme)
    laptop, phone = api_for(author), api_for(author)
    url = f"/api/v1/ideas/{idea.pk}/"
    etag = laptop.get(url)["ETag"]
    assert phone.get(url)["ETag"] == etag
    assert laptop.put(url, {"title": "Written on the laptop", "body": BODY, "theme": theme.slug}, HTTP_IF_MATCH=etag).status_code == 200
    assert phone.put(url, {"title": "Written on the phone", "body": BODY, "theme": theme.slug}, HTTP_IF_MATCH=etag).status_code == 412
    idea.refresh_from_db()
    assert idea.title == "Written on the laptop"


def test_a_change_made_on_the_portal_invalidates_the_etag(api_for, author, theme):
    idea = IdeaFactory(author=author, theme=theme)
    client = api_for(author)
    etag = client.get(f"/api/v1/ideas/{idea.pk}/")["ETag"]
    idea_update(idea=idea, by=author, title="Changed in the browser", body=BODY, theme=theme)
    assert client.patch(f"/api/v1/ideas/{idea.pk}/", {"title": "Changed by a script"}, HTTP_IF_MATCH=etag).status_code == 412


def test_a_submitted_idea_is_no_longer_editable(api_for, author, theme):
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED)
    response = api_for(author).patch(f"/api/v1/ideas/{idea.pk}/", {"title": "Too late for this"}, HTTP_IF_MATCH="*")
    assert response.status_code == 403


def test_a_draft_is_deleted_but_not_a_submitted_idea(api_for, author, theme):
    draft = IdeaFactory(author=author, theme=theme)
    submitted = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED)
    client = api_for(author)
    assert client.delete(f"/api/v1/ideas/{draft.pk}/").status_code == 204
    assert client.delete(f"/api/v1/ideas/{submitted.pk}/").status_code == 403
    assert list(Idea.objects.values_list("pk", flat=True)) == [submitted.pk]


# --- Browsing -------------------------------------------------------------------------------


def test_filters_by_theme_business_unit_and_author(api_for, colleague, author, theme, other_theme, sibling_division):
    elsewhere = UserFactory(entity=sibling_division)
    ours = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED)
    other = IdeaFactory(author=elsewhere, theme=other_theme, stage=Stage.PUBLISHED)
    client = api_for(colleague)

    def listed(**params):
        return [row["id"] for row in client.get("/api/v1/ideas/", params).json()["results"]]

    assert listed(theme=theme.slug) == [ours.pk]
    assert listed(theme=other_theme.slug) == [other.pk]
    assert listed(entity="retail") == [ours.pk]  # the author's department is under it
    assert listed(entity="group") == [other.pk, ours.pk]
    assert listed(author=elsewhere.pk) == [other.pk]


def test_an_unknown_filter_value_is_a_400(api_for, colleague):
    response = api_for(colleague).get("/api/v1/ideas/", {"theme": "no-such-theme", "sort": "random"})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"theme", "sort"}


def test_sorted_by_supports(api_for, colleague, author, theme):
    quiet = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED)
    popular = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED)
    for _ in range(2):
        vote_cast(idea=popular, by=UserFactory())
    rows = api_for(colleague).get("/api/v1/ideas/", {"sort": "supported"}).json()["results"]
    assert [(row["id"], row["support_count"]) for row in rows] == [(popular.pk, 2), (quiet.pk, 0)]


def test_cursor_pages_walk_every_idea_once_in_order_and_back(api_for, colleague, author, theme):
    ideas = [IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED) for _ in range(7)]
    for idea in ideas[:4]:
        vote_cast(idea=idea, by=colleague)  # ties on support counts, broken by date and id
    client = api_for(colleague)
    expected = [row["id"] for row in client.get("/api/v1/ideas/", {"sort": "supported", "page_size": 100}).json()["results"]]
    assert sorted(expected) == sorted(idea.pk for idea in ideas)

    seen, pages, url = [], [], "/api/v1/ideas/?sort=supported&page_size=3"
    while url:
        page = client.get(url).json()
        pages.append(page)
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert seen == expected
    assert [len(p["results"]) for p in pages] == [3, 3, 1]
    assert pages[0]["previous"] is None

    back = client.get(pages[2]["previous"]).json()
    assert [row["id"] for row in back["results"]] == expected[3:6]


def test_a_cursor_from_another_sort_or_forged_is_refused(api_for, colleague, author, theme):
    for _ in range(3):
        IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED)
    client = api_for(colleague)
    next_link = client.get("/api/v1/ideas/?page_size=1").json()["next"]
    cursor = next_link.split("cursor=")[1].split("&")[0]
    assert client.get("/api/v1/ideas/", {"cursor": cursor, "sort": "supported"}).status_code == 400
    forged = client.get("/api/v1/ideas/", {"cursor": "bm90IGEgY3Vyc29y"})
    assert forged.status_code == 400 and "cursor" in forged.json()["fields"]
    assert client.get("/api/v1/ideas/", {"page_size": 1000}).status_code == 400


def test_search_finds_by_words_of_the_title_and_description(api_for, colleague, author, theme):
    led = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, title="LED lights in the warehouse", body=BODY)
    IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, title="Carpool to the head office")
    rows = api_for(colleague).get("/api/v1/ideas/", {"q": "presence sensors"}).json()["results"]
    assert [row["id"] for row in rows] == [led.pk]


def test_themes_and_business_units(api_for, colleague, theme, department, sibling_division):
    client = api_for(colleague)
    themes = client.get("/api/v1/themes/").json()
    assert theme.slug in [t["slug"] for t in themes]
    assert client.get(f"/api/v1/themes/{theme.slug}/").json()["name"] == theme.name_en
    tree = client.get("/api/v1/entities/").json()
    assert tree[0]["code"] == "group"
    assert [c["code"] for c in tree[0]["children"]] == ["retail", "industry"]
    assert tree[0]["children"][0]["children"][0]["code"] == "stores"


def test_me_describes_the_caller_and_their_roles(api_for, community_manager, correspondent):
    me = api_for(community_manager).get("/api/v1/me/").json()
    assert me["roles"] == ["community_manager"] and me["can_moderate"] is True
    me = api_for(correspondent).get("/api/v1/me/").json()
    assert me["roles"] == [] and me["can_moderate"] is True and me["email"] == correspondent.email


def test_me_includes_the_callers_points_rank_and_badges(api_for, author, colleague, community_manager, theme,
                                                        django_capture_on_commit_callbacks):
    import importlib

    from django.apps import apps

    # The default points rules and badges (a data migration a test database may have flushed).
    importlib.import_module("gamification.migrations.0002_default_rules_and_badges").create_defaults(apps, None)
    from gamification.selectors import standing_of

    with django_capture_on_commit_callbacks(execute=True):
        IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager)
    expected = standing_of(author)
    assert expected["points"] > 0

    standing = api_for(author).get("/api/v1/me/").json()["standing"]
    assert (standing["points"], standing["rank"]) == (expected["points"], expected["rank"])
    assert [b["code"] for b in standing["badges"]] == [b["code"] for b in expected["badges"]]
    assert api_for(colleague).get("/api/v1/me/").json()["standing"] == {"points": 0, "rank": None, "badges": []}
