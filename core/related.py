"""Admin relation fields and widgets that never look up a value no row could have.

Django looks up whatever a form is bound to: the autocomplete widget to show the selected
value's label, the many-to-many field to check the values exist. Text, or a number too big
for the database ("?classroom=abc" on an add page, a forged POST), made that lookup a 500
instead of the form's "select a valid choice". Values the target field would refuse are
not looked up: the widget leaves them out, the field calls them invalid.
"""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.forms import ModelMultipleChoiceField


def _valid_for(target, value) -> bool:
    try:
        target.run_validators(target.to_python(value))
    except (ValidationError, TypeError, ValueError, OverflowError):
        return False
    return True


class _OnlyValidValues:
    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        target = remote.model._meta.get_field(
            getattr(remote, "field_name", None) or remote.model._meta.pk.name
        )
        kept = [item for item in value if _valid_for(target, item)]
        return super().optgroups(name, kept, attr)


class SafeAutocompleteSelect(_OnlyValidValues, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_OnlyValidValues, AutocompleteSelectMultiple):
    pass


class SafeModelMultipleChoiceField(ModelMultipleChoiceField):
    def _check_values(self, value):
        meta = self.queryset.model._meta
        target = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        try:
            values = frozenset(value)
        except TypeError:
            values = frozenset()  # the parent's own check answers this one
        for item in values:
            if not _valid_for(target, item):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return super()._check_values(value)


class SafeRelatedFieldsMixin:
    """For a ModelAdmin or an inline: its relation fields use the field and widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", SafeModelMultipleChoiceField)
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
