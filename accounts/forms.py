from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _


class SignupForm(UserCreationForm):
    """Create an account with the e-mail address a forgotten password is sent to."""

    email = forms.EmailField(
        label=_("E-mail"), help_text=_("Only used to reset a forgotten password.")
    )

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")
