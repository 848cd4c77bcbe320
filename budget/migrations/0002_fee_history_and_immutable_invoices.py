from decimal import Decimal

from django.db import migrations

# The service fee was 2.0 per mille of an association's total budget up to 2023; the members'
# meeting of 24 November 2023 raised it to 3.5 per mille from 2024. The membership fee of 200 kr
# fits the plan's Medlemsavgifter (12 400, 11 800, 11 400 kr: 62, 59 and 57 members). The
# indicator fee and NNS's own details are not in the documents: staff enter them before the
# first invoice run, which refuses to start without them.
HISTORY = {year: Decimal("2.0") for year in range(2020, 2024)} | {
    year: Decimal("3.5") for year in range(2024, 2027)
}

PROTECTED_TABLES = ["budget_invoice", "budget_invoiceline"]
MESSAGE = "Ett utfärdat dokument ändras eller raderas aldrig: kreditera det i stället."


def ship_history(apps, schema_editor):
    FeeSchedule = apps.get_model("budget", "FeeSchedule")
    for year, rate in HISTORY.items():
        FeeSchedule.objects.get_or_create(
            year=year, defaults={"membership_fee": Decimal(200), "service_fee_per_mille": rate}
        )


def protect_invoices(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE FUNCTION budget_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{MESSAGE} (%%)', TG_TABLE_NAME; END $$"
        )
        for table in PROTECTED_TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION budget_refuse_change()"
            )
    elif vendor == "sqlite":
        for table in PROTECTED_TABLES:
            for event in ["UPDATE", "DELETE"]:
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
                )


def unprotect_invoices(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table in PROTECTED_TABLES:
            schema_editor.execute(f"DROP TRIGGER {table}_immutable ON {table}")
        schema_editor.execute("DROP FUNCTION budget_refuse_change()")
    elif vendor == "sqlite":
        for table in PROTECTED_TABLES:
            for event in ["update", "delete"]:
                schema_editor.execute(f"DROP TRIGGER {table}_no_{event}")


class Migration(migrations.Migration):
    dependencies = [("budget", "0001_initial")]

    operations = [
        migrations.RunPython(ship_history, migrations.RunPython.noop),
        migrations.RunPython(protect_invoices, unprotect_invoices),
    ]
