"""Forms for joining a live session and for starting one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from classrooms.models import Classroom
from live.models import CODE_LENGTH, NAME_MAX
from live.selectors import normal_code, startable_quiz_sets


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Code on the screen"),
        max_length=CODE_LENGTH + 4,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    display_name = forms.CharField(
        label=_("Your name in the session"),
        max_length=NAME_MAX + 10,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def clean_code(self) -> str:
        return normal_code(self.cleaned_data["code"])


class StartForm(forms.Form):
    quiz_set = forms.ModelChoiceField(label=_("Quiz set"), queryset=None)
    classroom = forms.ModelChoiceField(
        label=_("Class"), queryset=None, required=False, empty_label=_("(no class)")
    )
    allow_change = forms.BooleanField(
        label=_("Students may change their answer until the reveal"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quiz_set"].queryset = startable_quiz_sets()
        self.fields["classroom"].queryset = Classroom.objects.taught_by(user)
