"""The answer form's radio buttons read exactly as Django's own widget template writes them."""

from types import SimpleNamespace

import pytest
from django import forms

from quizzes.forms import AnswerForm, AnswerRadioSelect

TEXTS = ["Rīga & <Tallinn>", 'Kaunas "1934"', "Genf"]


def django_radios(data, attrs=None) -> list[str]:
    """Render the same field with Django's RadioSelect and its templates."""

    class Plain(forms.Form):
        choice = forms.TypedChoiceField(
            choices=[(i, t) for i, t in enumerate(TEXTS)],
            coerce=int,
            widget=forms.RadioSelect(attrs=attrs),
        )

    form = Plain(data)
    if data is not None:
        form.is_valid()
    return [radio.tag() for radio in form["choice"]]


@pytest.mark.parametrize("data", [None, {"choice": "1"}, {"choice": "7"}, {}])
def test_answer_radios_match_djangos_template_output(data):
    form = AnswerForm(data, choices=[SimpleNamespace(text=t) for t in TEXTS], chronology=False)
    if data is not None:
        form.is_valid()

    assert [radio.tag() for radio in form["choice"]] == django_radios(data)


def test_answer_radios_escape_attribute_values_as_django_does():
    widget = AnswerRadioSelect(attrs={"data-x": '"><script>', "hidden": True, "off": False})
    field = forms.TypedChoiceField(choices=[(0, "a"), (1, "b")], coerce=int, widget=widget)
    ours = forms.Form()
    ours.fields["choice"] = field

    rendered = [radio.tag() for radio in ours["choice"]]

    assert (
        rendered
        == django_radios(None, attrs={"data-x": '"><script>', "hidden": True, "off": False})[:2]
    )
    assert "<script>" not in "".join(rendered)
