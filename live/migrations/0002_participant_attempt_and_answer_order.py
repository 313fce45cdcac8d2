import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('live', '0001_live_sessions'),
        ('quizzes', '0008_attempt_kind_live'),
    ]

    operations = [
        migrations.AddField(
            model_name='liveanswer',
            name='order',
            field=models.JSONField(blank=True, default=list, verbose_name='order given'),
        ),
        migrations.AddField(
            model_name='liveparticipant',
            name='attempt',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='quizzes.attempt', verbose_name='attempt'),
        ),
    ]
