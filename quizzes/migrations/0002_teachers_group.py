"""Create the Teachers group: manage questions and quiz sets, read the facts, nothing else."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Teachers"
MANAGE = ["question", "choice", "quizset", "quizsetquestion"]
# Read-only access to the facts lets teachers pick events and sources in the admin.
READ = {"history": ["event", "paragraph", "country"]}


def create_teachers(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so the group gets them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    codenames = [f"{action}_{model}" for model in MANAGE for action in ("add", "change", "delete", "view")]
    permissions = list(
        Permission.objects.filter(content_type__app_label="quizzes", codename__in=codenames)
    )
    for app_label, models in READ.items():
        permissions += Permission.objects.filter(
            content_type__app_label=app_label, codename__in=[f"view_{m}" for m in models]
        )
    group.permissions.set(permissions)


def remove_teachers(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0001_initial"),
        ("history", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_teachers, remove_teachers)]
