from django import forms
from django.utils.translation import gettext_lazy as _

from history.models import Event
from history.selectors import country_choices


class TimelineFilterForm(forms.Form):
    """Narrow the timeline to one kind of event and/or one country."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *Event.Kind.choices],
    )
    country = forms.ModelChoiceField(
        label=_("Country"),
        required=False,
        queryset=None,
        to_field_name="code",
        empty_label=_("All countries"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = country_choices()
