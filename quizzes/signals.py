"""Signals the quizzes app sends, for apps that build on it."""

from django.dispatch import Signal

# Sent (with quiz_set= and user=) before a user takes a quiz set out of use by unpublishing
# it. A receiver returns the reason to refuse, for the user to read, or None. The classes
# app refuses when the set is assigned to a class the user doesn't teach.
quiz_set_withdrawal = Signal()
