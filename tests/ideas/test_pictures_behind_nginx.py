"""Behind nginx a picture's view checks who may see it, then hands the file to nginx's
internal location (X-Accel-Redirect) instead of streaming it (core/files.py). nginx itself
is exercised by tests/deploy/check_two_nodes.py."""

import pytest
from django.urls import reverse

from ideas.models import Stage
from tests.factories import IdeaFactory, image_upload


@pytest.fixture
def behind_nginx(settings):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/protected-media"


@pytest.mark.parametrize("variant", ["thumb", "full"])
def test_a_visible_picture_is_handed_to_nginx_by_name_with_no_body(variant, behind_nginx, client_for, author, colleague):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED, images=[image_upload()])
    picture = idea.images.get()
    field = picture.thumbnail if variant == "thumb" else picture.image

    response = client_for(colleague).get(reverse("ideas:image", args=[idea.pk, picture.pk, variant]))

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{field.name}"
    assert response.content == b""
    assert "Content-Type" not in response  # nginx names the type from the file
    assert response["Cache-Control"] == "private, max-age=3600"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_picture_of_an_unpublished_idea_is_not_handed_to_nginx(behind_nginx, client_for, author, colleague):
    idea = IdeaFactory(author=author, stage=Stage.DRAFT, images=[image_upload()])
    picture = idea.images.get()

    response = client_for(colleague).get(reverse("ideas:image", args=[idea.pk, picture.pk, "full"]))

    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_a_picture_whose_file_is_gone_is_a_404_not_a_redirect(behind_nginx, client_for, author, colleague):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED, images=[image_upload()])
    picture = idea.images.get()
    picture.image.storage.delete(picture.image.name)

    response = client_for(colleague).get(reverse("ideas:image", args=[idea.pk, picture.pk, "full"]))

    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response
