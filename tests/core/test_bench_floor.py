"""The load run's floor page exists only when BENCH_FLOOR is on: never in use."""

from django.conf import settings


def test_the_floor_page_is_not_served_by_default(client, django_user_model):
    person = django_user_model.objects.create_user(email="floor@multitude.example", password="x")
    client.force_login(person)

    assert settings.BENCH_FLOOR is False
    assert client.get("/bench/floor/").status_code == 404
