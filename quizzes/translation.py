"""Fields of the quizzes stored in English and Latvian (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from quizzes.models import Choice, Question, QuizSet


@register(Question)
class QuestionTranslationOptions(TranslationOptions):
    fields = ("prompt", "explanation")
    required_languages = {"en": ("prompt",), "lv": ("prompt",)}


@register(Choice)
class ChoiceTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("en", "lv")


@register(QuizSet)
class QuizSetTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"en": ("title",), "lv": ("title",)}
