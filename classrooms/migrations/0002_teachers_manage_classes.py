"""Let the Teachers group manage classes, their students and assignments."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Teachers"
MANAGE = ["classroom", "membership", "assignment"]


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so the group gets them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    codenames = [f"{action}_{model}" for model in MANAGE for action in ("add", "change", "delete", "view")]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="classrooms", codename__in=codenames)
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="classrooms"))


class Migration(migrations.Migration):
    dependencies = [
        ("classrooms", "0001_initial"),
        ("quizzes", "0002_teachers_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
