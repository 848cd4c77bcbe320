from django.db import migrations

AREAS = ("syd", "nord", "ost", "vast")


def create_areas(apps, schema_editor):
    Area = apps.get_model("members", "Area")
    for code in AREAS:
        Area.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [migrations.RunPython(create_areas, migrations.RunPython.noop)]
