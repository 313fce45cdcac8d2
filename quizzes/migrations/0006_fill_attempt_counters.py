"""Fill the answer counters added in 0004 for attempts answered before they existed."""

from django.db import migrations
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def count_answers(apps, schema_editor):
    Attempt = apps.get_model("quizzes", "Attempt")
    Answer = apps.get_model("quizzes", "Answer")

    def tally(answers):
        counted = answers.filter(attempt=OuterRef("pk")).order_by().values("attempt")
        counted = counted.annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))

    Attempt.objects.using(schema_editor.connection.alias).update(
        answered_count=tally(Answer.objects.all()),
        correct_count=tally(Answer.objects.filter(is_correct=True)),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0005_question_created_by"),
    ]

    # Going back leaves the counters as they are: 0004's reversal drops them anyway.
    operations = [migrations.RunPython(count_answers, migrations.RunPython.noop, elidable=False)]
