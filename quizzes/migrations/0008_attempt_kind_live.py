from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('quizzes', '0007_map_timeline_year_kinds'),
    ]

    operations = [
        migrations.AlterField(
            model_name='attempt',
            name='kind',
            field=models.CharField(choices=[('quiz', 'quiz'), ('practice', 'practice'), ('live', 'live lesson')], default='quiz', max_length=10, verbose_name='kind'),
        ),
    ]
