"""Admin widgets whose every input has a name a screen reader can announce."""

from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils.translation import gettext as _


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time pair, each input labelled with the field's name.

    The field's own <label> cannot point at two inputs, so each gets an aria-label.
    """

    def __init__(self, label: str, attrs=None):
        self.label = label
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        date, time = context["widget"]["subwidgets"]
        date["attrs"]["aria-label"] = _("%(field)s: date") % {"field": self.label}
        time["attrs"]["aria-label"] = _("%(field)s: time") % {"field": self.label}
        return context
