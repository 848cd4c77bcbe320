"""The stored PDF of an invoice is the issued document: the database refuses to change or
delete it, as it does for the invoice and its lines (0002)."""

from django.db import migrations

TABLE = "budget_invoicepdf"
MESSAGE = "Ett utfärdat dokument ändras eller raderas aldrig: kreditera det i stället."


def protect(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # budget_refuse_change() is 0002's.
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_immutable BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION budget_refuse_change()"
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
    elif vendor == "sqlite":
        for event in ["update", "delete"]:
            schema_editor.execute(f"DROP TRIGGER {TABLE}_no_{event}")


class Migration(migrations.Migration):
    dependencies = [("budget", "0003_nns_budget")]

    operations = [migrations.RunPython(protect, unprotect)]
