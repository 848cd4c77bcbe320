"""Sealed minutes never change: the database refuses to update or delete them, as the model
and its queryset do (like an issued invoice's PDF)."""

from django.db import migrations

TABLE = "meetings_sealedminutes"
MESSAGE = "Förseglade protokoll ändras eller raderas aldrig."


def protect(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE FUNCTION meetings_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{MESSAGE} (%%)', TG_TABLE_NAME; END $$"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_immutable BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION meetings_refuse_change()"
        )
    elif vendor == "sqlite":
        for event in ["UPDATE", "DELETE"]:
            schema_editor.execute(
                f"CREATE TRIGGER {TABLE}_no_{event.lower()} BEFORE {event} ON {TABLE} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )


def unprotect(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER {TABLE}_immutable ON {TABLE}")
        schema_editor.execute("DROP FUNCTION meetings_refuse_change()")
    elif vendor == "sqlite":
        for event in ["update", "delete"]:
            schema_editor.execute(f"DROP TRIGGER {TABLE}_no_{event}")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0012_minutes_adjusted_online")]

    operations = [migrations.RunPython(protect, unprotect)]
