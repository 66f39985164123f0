"""The business-unit select is written in one pass; it must say exactly what Django's
own select says (same options, same selection, same accessibility attributes)."""

import pytest
from django import forms
from django.test.html import parse_html

from accounts.forms import EntityChoiceField
from accounts.services import entity_create


class Direct(forms.Form):
    entity = EntityChoiceField(label="Business unit", required=False, empty_label="All <units>")


class Reference(forms.Form):
    entity = EntityChoiceField(label="Business unit", required=False, empty_label="All <units>", widget=forms.Select)


@pytest.fixture
def units(db):
    group = entity_create(name="Group & co", code="group", kind="group")
    division = entity_create(name="<b>Sales</b>", code="sales", kind="division", parent=group)
    return [group, division, entity_create(name="Lyon", code="lyon", kind="department", parent=division)]


@pytest.mark.parametrize("choice", ["none", "second", "unknown"])
def test_the_direct_select_says_what_djangos_select_says(units, choice):
    data = {"none": {}, "second": {"entity": str(units[1].pk)}, "unknown": {"entity": "999999"}}[choice]
    direct, reference = Direct(data), Reference(data)
    direct.is_valid(), reference.is_valid()

    assert parse_html(str(direct["entity"])) == parse_html(str(reference["entity"]))


def test_labels_are_escaped_and_one_option_is_selected(units):
    form = Direct({"entity": str(units[1].pk)})
    form.is_valid()
    html = str(form["entity"])

    assert "&lt;b&gt;Sales&lt;/b&gt;" in html and "Group &amp; co" in html and "All &lt;units&gt;" in html
    assert html.count(" selected") == 1
