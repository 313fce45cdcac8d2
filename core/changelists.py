"""Admin change lists that answer a bad query string with the admin's own "?e=1" page.

Django's change list turns most nonsense in the filters into IncorrectLookupParameters, but
not a date hierarchy year past 9999 or a huge number (OverflowError, or ValueError when it
steps to the next year or day): those would be a 500.
"""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList


class SafeChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class SafeChangeListMixin:
    """For a ModelAdmin: use the change list above."""

    def get_changelist(self, request, **kwargs):
        return SafeChangeList
