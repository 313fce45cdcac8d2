"""Writes: the shipped content (articles, history facts, quiz sets) into the database.

Two ways in. `content_load` creates only what is missing and never changes a row that exists,
so setting up again keeps every edit made in the admin. `content_reset` puts the shipped
objects back as shipped, overwriting such edits; it is meant to be run on purpose.
"""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import models, transaction

from quizzes.services import SyncReport, question_bank_sync

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
# The bank is generated from the facts, and the quiz sets name questions of the bank: the
# facts come first, then the bank, then the sets.
FACTS = [FIXTURES / "articles.yaml", FIXTURES / "history.yaml"]
QUIZ_SETS = [FIXTURES / "quizzes.yaml"]


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    kept: Counter = field(default_factory=Counter)
    bank: SyncReport | None = None

    def lines(self) -> list[str]:
        labels = sorted(set(self.created) | set(self.kept))
        lines = [
            f"{label}: {self.created[label]} created, {self.kept[label]} kept" for label in labels
        ]
        if self.bank is not None:
            lines.append(f"question bank: {self.bank}")
        return lines


def _parent_field(model) -> models.ForeignKey | None:
    """Return the foreign key to the object this one is a part of, if it is a part.

    A part (a paragraph of an article, a country's role in an event, a picked question of a
    quiz set) has a natural key that starts with its parent's.
    """
    dependencies = getattr(model.natural_key, "dependencies", [])
    if not dependencies:
        return None
    parent = dependencies[0]
    for candidate in model._meta.concrete_fields:
        if candidate.many_to_one and candidate.related_model._meta.label_lower == parent:
            return candidate
    return None


def _is_part(instance) -> bool:
    return len(instance.natural_key()) > 1 and _parent_field(type(instance)) is not None


@transaction.atomic
def content_fixtures_load(*, paths: list[Path]) -> LoadReport:
    """Create the fixtures' objects that are missing; leave every existing one as it is.

    A part is created only together with its parent: a picked question a teacher took out of
    a shipped quiz set, or a citation taken off an event, stays out.
    """
    report = LoadReport()
    created: dict[str, set] = {}
    deferred = []
    for path in paths:
        with open(path, encoding="utf-8") as stream:
            for item in serializers.deserialize("yaml", stream, handle_forward_references=True):
                instance = item.object
                label = instance._meta.label_lower
                model = type(instance)
                exists = (
                    instance.pk is not None
                    and model._default_manager.filter(pk=instance.pk).exists()
                )
                if not exists and _is_part(instance):
                    parent = _parent_field(model)
                    parent_label = parent.related_model._meta.label_lower
                    exists = getattr(instance, parent.attname) not in created.get(
                        parent_label, set()
                    )
                if exists:
                    report.kept[label] += 1
                    continue
                item.save()
                created.setdefault(label, set()).add(instance.pk)
                report.created[label] += 1
                if item.deferred_fields:
                    deferred.append(item)
    for item in deferred:
        item.save_deferred_fields()
    return report


def content_load(*, seed: int | str = 0) -> LoadReport:
    """Set up the shipped content without changing anything that is already there."""
    report = content_fixtures_load(paths=FACTS)
    report.bank = question_bank_sync(seed=seed)
    sets = content_fixtures_load(paths=QUIZ_SETS)
    report.created.update(sets.created)
    report.kept.update(sets.kept)
    return report


def content_reset(*, seed: int | str = 0) -> SyncReport:
    """Overwrite every shipped object with its shipped version, and bring the bank in line.

    Objects that were never shipped (teachers' own questions and quiz sets, learners,
    attempts, classes) are left alone.
    """
    with transaction.atomic():
        call_command("loaddata", *FACTS, verbosity=0)
        bank = question_bank_sync(seed=seed)
        call_command("loaddata", *QUIZ_SETS, verbosity=0)
    return bank
