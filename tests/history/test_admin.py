import pytest
from django.urls import reverse

from history.models import Article, Citation, Country, Event, Paragraph, Person, Place

HISTORY_MODELS = [Article, Paragraph, Country, Place, Person, Event, Citation]


@pytest.mark.usefixtures("shipped_history")
@pytest.mark.parametrize("model", HISTORY_MODELS, ids=lambda m: m.__name__)
def test_admin_lists_searches_and_edits_every_history_model(admin_client, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    obj = model.objects.first()

    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "Riga"}).status_code == 200
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert admin_client.get(change).status_code == 200


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
