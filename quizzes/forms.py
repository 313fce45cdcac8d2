from html import escape

from django import forms
from django.utils.dates import MONTHS
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from history.models import Event
from quizzes import year_answers
from quizzes.models import Question, QuizSet
from quizzes.selectors import quiz_set_pool


class QuizSetAdminForm(forms.ModelForm):
    """Edit a quiz set, and refuse a rule that could not fill an attempt."""

    question_kinds = forms.MultipleChoiceField(
        label=_("question kinds"),
        choices=Question.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Empty: every kind."),
    )
    event_kinds = forms.MultipleChoiceField(
        label=_("event kinds"),
        choices=Event.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Empty: every kind of event."),
    )

    class Meta:
        model = QuizSet
        # The admin lists the fields it shows; these two are the ones redefined above.
        fields = ["question_kinds", "event_kinds"]

    def clean(self):
        data = super().clean()
        if self.errors or data.get("mode") != QuizSet.Mode.RULE:
            return data
        available = quiz_set_pool(
            mode=QuizSet.Mode.RULE,
            question_kinds=data.get("question_kinds") or [],
            event_kinds=data.get("event_kinds") or [],
            period_start=data.get("period_start"),
            period_end=data.get("period_end"),
            countries=list(data.get("countries") or []),
        ).count()
        wanted = data.get("question_count") or 1
        if available < wanted:
            raise forms.ValidationError(
                ngettext(
                    "This rule finds only %(available)d question, fewer than the %(wanted)d "
                    "an attempt needs.",
                    "This rule finds only %(available)d questions, fewer than the %(wanted)d "
                    "an attempt needs.",
                    available,
                )
                % {"available": available, "wanted": wanted}
            )
        return data


class QuestionAdminForm(forms.ModelForm):
    """Edit a question; the timeline and typed-year kinds need their year (and strip)."""

    def clean(self):
        data = super().clean()
        kind = data.get("kind", self.instance.kind)
        year, month = data.get("answer_year"), data.get("answer_month")
        first, last = data.get("year_from"), data.get("year_to")
        if kind not in (Question.Kind.TIMELINE, Question.Kind.YEAR):
            return data
        if year is None:
            self.add_error("answer_year", _("Give the year that answers the question."))
        if month is not None and not 1 <= month <= 12:
            self.add_error("answer_month", _("Give the month as a number from 1 to 12."))
        if kind == Question.Kind.YEAR and month is not None:
            self.add_error("answer_month", _("A typed-year question asks the year only."))
        if kind == Question.Kind.TIMELINE:
            if first is None or last is None or first > last:
                self.add_error("year_to", _("Give the first and the last year of the timeline."))
            elif year is not None and not first <= year <= last:
                self.add_error("answer_year", _("The year must lie on the timeline."))
        return data


class PickedQuestionsFormSet(forms.BaseInlineFormSet):
    """Make sure a hand-picked set has enough questions for an attempt."""

    def clean(self):
        super().clean()
        if self.instance.mode != QuizSet.Mode.PICKED or any(self.errors):
            return
        kept = [
            f
            for f in self.forms
            if f.cleaned_data.get("question") and not f.cleaned_data.get("DELETE")
        ]
        wanted = self.instance.question_count or 1
        if len(kept) < wanted:
            raise forms.ValidationError(
                _("Pick at least %(wanted)d questions for this set.") % {"wanted": wanted}
            )


class ChoicesFormSet(forms.BaseInlineFormSet):
    """A question needs two or more choices, exactly one right (or a full order)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        if self.instance.kind in (Question.Kind.TIMELINE, Question.Kind.YEAR):
            # Answered with a year, not a choice: the year fields of the question hold it.
            if kept:
                raise forms.ValidationError(
                    _("A timeline or typed-year question has no choices: remove them.")
                )
            return
        if len(kept) < 2:
            raise forms.ValidationError(_("Give at least two choices."))
        for language in ("en", "lv"):
            texts = [c.get(f"text_{language}") for c in kept]
            if len(set(texts)) != len(texts):
                raise forms.ValidationError(
                    _("Every choice must read differently in each language.")
                )
        if self.instance.kind == Question.Kind.CHRONOLOGY:
            ranks = sorted(c.get("rank") or 0 for c in kept)
            if ranks != list(range(1, len(kept) + 1)):
                raise forms.ValidationError(
                    _("Number the events 1, 2, 3… in the order they happened.")
                )
        elif sum(bool(c.get("is_correct")) for c in kept) != 1:
            raise forms.ValidationError(_("Mark exactly one choice as correct."))


class AnswerRadioSelect(forms.RadioSelect):
    """Radio buttons whose <input> tags are built in Python, exactly as Django's template would.

    The question page shows one per choice, and running the form template engine for each
    cost more than the rest of the form together (profiled with bench/hotpaths.py).
    """

    def _render(self, template_name, context, renderer=None) -> SafeString:
        if template_name != self.option_template_name:
            return super()._render(template_name, context, renderer)
        widget = context["widget"]
        # As django/forms/widgets/attrs.html: True is a bare name, False leaves it out. The
        # standard library's escape is the one Django's applies, without its lazy wrappers.
        attrs = "".join(
            f" {name}" if value is True else f' {name}="{escape(str(value))}"'
            for name, value in widget["attrs"].items()
            if value is not False
        )
        value = "" if widget["value"] is None else f' value="{escape(str(widget["value"]))}"'
        return mark_safe(
            f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"'
            f"{value}{attrs}>"
        )


class AnswerForm(forms.Form):
    """One answer to a drawn question: a choice by its place in the list, or an order.

    Choices are named by their position as shown in this attempt, never by id, so the form
    reveals nothing about which one is right.
    """

    def __init__(self, *args, choices: list, chronology: bool, question=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.chronology = chronology
        self.shown = choices
        self.kind = getattr(question, "kind", "")
        if self.kind in (Question.Kind.TIMELINE, Question.Kind.YEAR):
            self.by_year = True
            self._year_fields(question)
            return
        self.by_year = False
        if chronology:
            places = [(n, str(n)) for n in range(1, len(choices) + 1)]
            for index, choice in enumerate(choices):
                # Start from the order shown, so every place is taken once.
                self.fields[f"rank-{index}"] = forms.TypedChoiceField(
                    label=choice.text, choices=places, coerce=int, initial=index + 1
                )
        else:
            self.fields["choice"] = forms.TypedChoiceField(
                label=_("Your answer"),
                choices=[(index, choice.text) for index, choice in enumerate(choices)],
                coerce=int,
                widget=AnswerRadioSelect,
                error_messages={
                    "required": _("Choose one of the answers."),
                    "invalid_choice": _("Choose one of the answers offered."),
                },
            )

    def _year_fields(self, question) -> None:
        """A typed year, or the timeline's year (and month) picked from its strip."""
        messages = {
            "required": _("Give a year."),
            "invalid": _("Give the year as a number, e.g. 1934."),
            "invalid_choice": _("Choose a year on the timeline."),
        }
        if self.kind == Question.Kind.YEAR:
            self.fields["year"] = forms.IntegerField(
                label=_("Year"),
                min_value=1,
                max_value=9999,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                error_messages={
                    **messages,
                    "min_value": _("Give a year from 1 to 9999."),
                    "max_value": _("Give a year from 1 to 9999."),
                },
            )
            return
        first, last = question.year_from or 0, question.year_to or 0
        self.strip = list(range(first, last + 1))
        self.year_strip = year_answers.strip(first, last)
        self.fields["year"] = forms.TypedChoiceField(
            label=_("Year"),
            choices=[("", "—"), *((y, str(y)) for y in self.strip)],
            coerce=int,
            error_messages=messages,
        )
        if question.answer_month is not None:
            self.fields["month"] = forms.TypedChoiceField(
                label=_("Month"),
                choices=[("", "—"), *month_choices()],
                coerce=int,
                error_messages={
                    "required": _("Choose a month too."),
                    "invalid_choice": _("Choose a month from the list."),
                },
            )

    def clean(self):
        cleaned = super().clean()
        if self.chronology and not self.errors:
            ranks = [cleaned[f"rank-{i}"] for i in range(len(self.shown))]
            if len(set(ranks)) != len(ranks):
                # Name the first place given twice and the two events that share it.
                place = next(rank for rank in ranks if ranks.count(rank) > 1)
                first, second = [
                    c.text for c, r in zip(self.shown, ranks, strict=True) if r == place
                ][:2]
                raise forms.ValidationError(
                    _(
                        "“%(first)s” and “%(second)s” both have place %(place)s. "
                        "Give every event a different place in the order."
                    )
                    % {"first": first, "second": second, "place": place}
                )
        return cleaned

    def rank_fields(self) -> list:
        """The events' place selects: (bound field, its options) each, see `options`."""
        fields = [self[f"rank-{i}"] for i in range(len(self.shown))] if self.chronology else []
        if not self.is_bound:
            # An order given before is shown as given (the move buttons renumber by position).
            fields.sort(key=lambda field: int(field.value()))
        return [(field, self.options(field)) for field in fields]

    @staticmethod
    def options(field) -> list[tuple[object, str, bool]]:
        """A select's options as (value, label, selected): the select picks them out once here,
        not with a comparison per option in the template (the answer's fragment draws them)."""
        value = field.value()
        # Nothing given yet: no option is marked, and the browser shows the first ("—").
        chosen = None if value is None else str(value)
        return [(v, label, str(v) == chosen) for v, label in field.field.choices]

    def year_options(self) -> list[tuple[object, str, bool]]:
        return self.options(self["year"])

    def month_options(self) -> list[tuple[object, str, bool]]:
        return self.options(self["month"]) if "month" in self.fields else []

    @staticmethod
    def initial_from(answer, choices: list) -> dict:
        """Return an answer given before as initial data, so that it can be changed."""
        if answer is None:
            return {}
        # Live lessons' answers have no year: they take choices and orders only.
        if getattr(answer, "given_year", None) is not None:
            given = {"year": answer.given_year}
            if answer.given_month is not None:
                given["month"] = answer.given_month
            return given
        if answer.order:
            place = {pk: n for n, pk in enumerate(answer.order, start=1)}
            return {f"rank-{i}": place.get(c.pk, i + 1) for i, c in enumerate(choices)}
        index = next((i for i, c in enumerate(choices) if c.pk == answer.choice_id), None)
        return {} if index is None else {"choice": index}

    def answer(self) -> dict:
        """Return the answer as the answering service takes it."""
        if self.by_year:
            return {"year": self.cleaned_data["year"], "month": self.cleaned_data.get("month")}
        if self.chronology:
            ranks = {i: self.cleaned_data[f"rank-{i}"] for i in range(len(self.shown))}
            return {"order": sorted(ranks, key=ranks.get)}
        return {"choice_index": self.cleaned_data["choice"]}


def month_choices() -> list[tuple[int, str]]:
    """The months by number, named in the active language as a date on its own."""
    return [(n, str(MONTHS[n])) for n in range(1, 13)]
