"""Profiles: what colleagues see, what the person edits, their avatar."""

import io

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from ideas.models import Stage
from tests.factories import IdeaFactory, UserFactory, image_bytes


def edit(client, **overrides):
    data = {"first_name": "Alice", "last_name": "Author", "job_title": "Buyer", "language": "", **overrides}
    return client.post(reverse("accounts:profile_edit"), data)


def test_a_profile_shows_the_persons_published_ideas_only(client_for, author, colleague):
    published = IdeaFactory(author=author, stage=Stage.PUBLISHED, title="Published printers idea")
    IdeaFactory(author=author, stage=Stage.DRAFT, title="Secret draft idea")
    IdeaFactory(author=author, stage=Stage.SUBMITTED, title="Pending submitted idea")

    response = client_for(colleague).get(reverse("accounts:profile", args=[author.pk]))

    assert [idea.pk for idea in response.context["ideas"]] == [published.pk]
    html = response.content.decode()
    assert "Alice Author" in html and "Stores department" in html
    assert "Secret draft idea" not in html and "Pending submitted idea" not in html
    assert reverse("accounts:profile_edit") not in html  # not theirs to edit


def test_a_profile_names_the_line_manager(client_for, department, colleague):
    boss = UserFactory(first_name="Bea", last_name="Boss", entity=department)
    report = UserFactory(entity=department, manager=boss)

    html = client_for(colleague).get(reverse("accounts:profile", args=[report.pk])).content.decode()

    assert "Reports to Bea Boss" in html


def test_a_deactivated_persons_profile_does_not_exist(client_for, department, colleague):
    gone = UserFactory(entity=department, is_active=False)

    assert client_for(colleague).get(reverse("accounts:profile", args=[gone.pk])).status_code == 404


def test_an_employee_edits_their_own_profile(client_for, author):
    client = client_for(author)

    response = edit(client, first_name="  Alicia ", job_title="Head of purchasing")

    assert response.status_code == 302 and response.url == reverse("accounts:profile", args=[author.pk])
    author.refresh_from_db()
    assert (author.first_name, author.job_title) == ("Alicia", "Head of purchasing")


def test_choosing_a_language_on_the_profile_saves_it_and_sets_the_cookie(client_for, author):
    response = edit(client_for(author), language="fr")

    author.refresh_from_db()
    assert author.language == "fr"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"


def test_an_avatar_is_stored_square_with_a_small_thumbnail(client_for, author, colleague):
    photo = SimpleUploadedFile("me.jpg", image_bytes(size=(900, 600), image_format="JPEG"), content_type="image/jpeg")

    response = edit(client_for(author), avatar=photo)

    assert response.status_code == 302
    author.refresh_from_db()
    with author.avatar.open("rb") as handle:
        assert Image.open(handle).size == (512, 512)
    with author.avatar_thumbnail.open("rb") as handle:
        assert Image.open(handle).size == (96, 96)
    thumb_url = reverse("accounts:avatar", args=[author.pk, "thumb"])
    assert thumb_url in client_for(colleague).get(reverse("accounts:profile", args=[author.pk])).content.decode()
    served = client_for(colleague).get(thumb_url)
    assert served.status_code == 200
    assert Image.open(io.BytesIO(b"".join(served.streaming_content))).size == (96, 96)


def test_a_new_avatar_replaces_the_old_files(client_for, author, django_capture_on_commit_callbacks):
    client = client_for(author)
    edit(client, avatar=SimpleUploadedFile("a.png", image_bytes(size=(100, 100))))
    author.refresh_from_db()
    old = author.avatar.name
    storage = author.avatar.storage

    with django_capture_on_commit_callbacks(execute=True):
        edit(client, avatar=SimpleUploadedFile("b.png", image_bytes(size=(120, 120), color="red")))

    author.refresh_from_db()
    assert author.avatar.name != old
    assert not storage.exists(old) and storage.exists(author.avatar.name)


def test_a_file_that_is_not_a_picture_is_refused_as_avatar(client_for, author):
    response = edit(client_for(author), first_name="Changed", avatar=SimpleUploadedFile("me.png", b"not an image"))

    assert response.status_code == 200
    assert response.context["form"].errors["avatar"] == ["This file is not a picture we can read (JPEG, PNG, WebP or GIF)."]
    author.refresh_from_db()
    assert author.first_name == "Alice" and not author.avatar


def test_a_person_without_avatar_shows_initials(client_for, author, colleague):
    html = client_for(colleague).get(reverse("accounts:profile", args=[author.pk])).content.decode()

    assert "avatar-initials" in html and ">AA<" in html
    assert client_for(colleague).get(reverse("accounts:avatar", args=[author.pk, "thumb"])).status_code == 404
