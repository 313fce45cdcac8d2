import re

import pytest
from django.urls import reverse

from history.models import Article, Citation, Country, Event, Paragraph, Person, Place
from tests.admin_forms import change_form_data

EDITED = "Edited in the admin"

# Each history model, the field a search finds it by, and a text field an edit changes.
HISTORY_MODELS = [
    (Article, "title", "title"),
    (Paragraph, "section", "section"),
    (Country, "name_en", "name_en"),
    (Place, "name_en", "name_en"),
    (Person, "office_en", "name_en"),
    (Event, "title_en", "title_en"),
    (Citation, "quote", "quote"),
]


def edit_for(obj, field: str) -> str:
    # A quote must be copied from its paragraph: quote fewer of its words.
    if isinstance(obj, Citation):
        return " ".join(obj.paragraph.text.split()[:5])
    return EDITED


def admin_url(model, view: str, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


@pytest.mark.usefixtures("shipped_history")
@pytest.mark.parametrize(
    ("model", "searched", "edited"), HISTORY_MODELS, ids=lambda m: getattr(m, "__name__", m)
)
def test_admin_lists_searches_and_edits_every_history_model(admin_client, model, searched, edited):
    # The object whose searched text is rarest, so a search must narrow the list to find it.
    objects = list(model.objects.all())
    values = [getattr(o, searched) for o in objects]
    obj = min(
        (o for o in objects if getattr(o, searched)),
        key=lambda o: sum(getattr(o, searched) in v for v in values),
    )
    term = " ".join(getattr(obj, searched).split()[:4])

    listed = admin_client.get(admin_url(model, "changelist"))
    found = admin_client.get(admin_url(model, "changelist"), {"q": term})
    page = admin_client.get(admin_url(model, "change", obj.pk))
    saved = admin_client.post(
        admin_url(model, "change", obj.pk),
        {**change_form_data(page), edited: edit_for(obj, edited)},
    )

    assert listed.context["cl"].result_count == len(objects)
    results = found.context["cl"].result_list
    assert obj in results and len(results) < len(objects)
    assert saved.status_code == 302, saved.context and saved.context["adminform"].form.errors
    expected = edit_for(obj, edited)
    obj.refresh_from_db()
    assert getattr(obj, edited) == expected


@pytest.mark.usefixtures("shipped_history")
def test_event_admin_shows_participants_roles_and_citations_inline(admin_client):
    event = Event.objects.get(slug="baltic-entente-treaty")

    response = admin_client.get(reverse("admin:history_event_change", args=[event.pk]))

    assert "participations-TOTAL_FORMS" in response.text
    assert "roles-TOTAL_FORMS" in response.text
    assert "citations-TOTAL_FORMS" in response.text
    assert "title_lv" in response.text


@pytest.mark.django_db
def test_admin_is_closed_to_anonymous_visitors(client):
    response = client.get(reverse("admin:history_event_changelist"))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.usefixtures("shipped_history")
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"precision": ""}, "precision"),
        ({"start_date": ""}, "start_date"),
        ({"precision": "", "start_date": ""}, "start_date"),
        ({"precision": "decade"}, "precision"),
        ({"start_date": "1934-09-31"}, "start_date"),
        ({"precision": "month", "start_date": "1934-09-12"}, "start_date"),
        ({"precision": "year", "start_date": "1934-09-01"}, "start_date"),
        ({"end_date": "1934-09-01"}, None),
        ({"precision": "month", "start_date": "1934-09-01", "end_date": "1934-09-30"}, None),
    ],
)
@pytest.mark.parametrize("view", ["add", "change"])
def test_a_wrong_event_date_is_a_form_error_and_changes_nothing(
    admin_client, changes, field, view
):
    event = Event.objects.get(slug="baltic-entente-treaty")
    before = (event.start_date, event.end_date, event.precision)
    data = change_form_data(admin_client.get(admin_url(Event, "change", event.pk)))
    if view == "add":
        # A new event like it, without the inline rows that belong to the existing one.
        data = {k: v for k, v in data.items() if not re.match(r"\w+-\d+-", k)}
        data |= {key: "0" for key in data if key.endswith(("TOTAL_FORMS", "INITIAL_FORMS"))}
        data["slug"] = "a-new-event"
    url = admin_url(Event, view, *([event.pk] if view == "change" else []))
    count = Event.objects.count()

    response = admin_client.post(url, {**data, **changes})

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert (field in errors) if field else ("__all__" in errors)
    event.refresh_from_db()
    assert (event.start_date, event.end_date, event.precision) == before
    assert Event.objects.count() == count
