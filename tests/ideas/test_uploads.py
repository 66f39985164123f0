"""Pictures attached to ideas through the form: refused files leave nothing behind."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from ideas.models import Idea, IdeaImage, Stage
from ideas.services import idea_submit
from moderation.services import idea_approve
from tests.factories import IdeaFactory, image_bytes, image_upload


def post_idea(client, theme, files):
    return client.post(reverse("ideas:create"), {
        "title": "Paint the meeting rooms", "theme": theme.pk, "body": "Brighter rooms, better meetings.",
        "save": "1", "images": files,
    })


def image_errors(response):
    return response.context["form"].errors.get("images", [])


def test_a_text_file_named_png_is_refused_and_nothing_is_saved(client_for, author, theme):
    fake = SimpleUploadedFile("holiday.png", b"I am not a picture at all.", content_type="image/png")

    response = post_idea(client_for(author), theme, [fake])

    assert response.status_code == 200
    assert image_errors(response) == ["holiday.png: This file is not a picture we can read (JPEG, PNG, WebP or GIF)."]
    assert not Idea.objects.exists() and not IdeaImage.objects.exists()


def test_one_bad_file_among_good_ones_refuses_them_all(client_for, author, theme):
    files = [image_upload("one.png"), SimpleUploadedFile("two.png", b"nope"), image_upload("three.png")]

    response = post_idea(client_for(author), theme, files)

    assert image_errors(response)
    assert not Idea.objects.exists() and not IdeaImage.objects.exists()


def test_a_file_over_the_byte_limit_is_refused(client_for, author, theme, settings):
    settings.IMAGE_MAX_BYTES = 1024 * 1024
    heavy = SimpleUploadedFile("heavy.png", image_bytes(size=(20, 20)) + b"\0" * (1024 * 1024), content_type="image/png")

    response = post_idea(client_for(author), theme, [heavy])

    assert image_errors(response) == ["heavy.png: The picture is too large (2 MB); the limit is 1 MB."]
    assert not Idea.objects.exists() and not IdeaImage.objects.exists()


def test_a_decompression_bomb_is_refused_with_a_clear_message(client_for, author, theme):
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000), 0).save(buffer, format="PNG")
    bomb = SimpleUploadedFile("small.png", buffer.getvalue(), content_type="image/png")

    response = post_idea(client_for(author), theme, [bomb])

    assert image_errors(response) == ["small.png: The picture is 10000×10000 pixels; the limit is 40 megapixels."]
    assert not Idea.objects.exists() and not IdeaImage.objects.exists()


def test_more_than_five_pictures_are_refused(client_for, author, theme):
    response = post_idea(client_for(author), theme, [image_upload(f"p{i}.png") for i in range(6)])

    assert image_errors(response) == ["An idea can have at most 5 pictures."]
    assert not Idea.objects.exists() and not IdeaImage.objects.exists()


def test_five_pictures_are_accepted(client_for, author, theme):
    response = post_idea(client_for(author), theme, [image_upload(f"p{i}.png") for i in range(5)])

    assert response.status_code == 302
    assert Idea.objects.get().images.count() == 5


def test_pictures_added_later_count_with_those_already_there(client_for, author, theme):
    idea = IdeaFactory(author=author, stage=Stage.DRAFT, theme=theme, images=[image_upload(f"p{i}.png") for i in range(4)])
    url = reverse("ideas:update", args=[idea.pk])
    data = {"title": idea.title, "theme": theme.pk, "body": idea.body, "save": "1"}
    client = client_for(author)

    response = client.post(url, {**data, "images": [image_upload("a.png"), image_upload("b.png")]})
    assert image_errors(response) == ["An idea can have at most 5 pictures."]
    assert idea.images.count() == 4

    # When one old picture is removed at the same time, two new ones fit
    removed = idea.images.first()
    response = client.post(url, {**data, "remove_images": [removed.pk], "images": [image_upload("a.png"), image_upload("b.png")]})
    assert response.status_code == 302
    assert idea.images.count() == 5 and not idea.images.filter(pk=removed.pk).exists()


def test_a_photo_is_stored_re_encoded_without_exif_with_a_thumbnail(client_for, author, theme, correspondent, colleague):
    exif = Image.Exif()
    exif[0x010F] = "Spy camera maker"
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), "navy").save(buffer, format="JPEG", exif=exif.tobytes())
    photo = SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")

    post_idea(client_for(author), theme, [photo])

    picture = IdeaImage.objects.get()
    with picture.image.open("rb") as handle:
        data = handle.read()
    stored = Image.open(io.BytesIO(data))
    assert stored.format == "JPEG" and not stored.getexif()
    assert b"Spy camera maker" not in data
    assert (picture.width, picture.height) == stored.size == (1200, 900)
    with picture.thumbnail.open("rb") as handle:
        assert max(Image.open(handle).size) == 320

    # And it is served to those who may see the idea
    idea = picture.idea
    idea_submit(idea=idea, by=author)
    idea_approve(idea=idea, by=correspondent)
    response = client_for(colleague).get(reverse("ideas:image", args=[idea.pk, picture.pk, "full"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data


@pytest.mark.parametrize("variant", ["thumb", "full"])
def test_a_picture_of_another_idea_is_not_served_under_this_one(variant, client_for, author, colleague):
    first = IdeaFactory(author=author, stage=Stage.PUBLISHED, images=[image_upload()])
    second = IdeaFactory(author=author, stage=Stage.PUBLISHED)

    url = reverse("ideas:image", args=[second.pk, first.images.get().pk, variant])

    assert client_for(colleague).get(url).status_code == 404


def test_deleting_a_draft_removes_its_picture_files(client_for, author, django_capture_on_commit_callbacks):
    idea = IdeaFactory(author=author, stage=Stage.DRAFT, images=[image_upload()])
    picture = idea.images.get()
    storage, names = picture.image.storage, [picture.image.name, picture.thumbnail.name]
    assert all(storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        client_for(author).post(reverse("ideas:delete", args=[idea.pk]))

    assert not IdeaImage.objects.exists()
    assert not any(storage.exists(name) for name in names)


def test_a_removed_picture_leaves_the_storage_too(client_for, author, theme, django_capture_on_commit_callbacks):
    idea = IdeaFactory(author=author, stage=Stage.DRAFT, theme=theme, images=[image_upload("a.png"), image_upload("b.png")])
    removed, kept = idea.images.order_by("id")
    storage = removed.image.storage

    with django_capture_on_commit_callbacks(execute=True):
        client_for(author).post(reverse("ideas:update", args=[idea.pk]), {
            "title": idea.title, "theme": theme.pk, "body": idea.body, "save": "1", "remove_images": [removed.pk],
        })

    assert list(idea.images.all()) == [kept]
    assert not storage.exists(removed.image.name) and storage.exists(kept.image.name)
