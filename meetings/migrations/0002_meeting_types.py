"""The meeting types of docs/domain.md with their usual times; staff may change the times."""

import datetime

from django.db import migrations

T = datetime.time
TYPES = [
    # code, usual start, usual end, invite days before, remind days before, in public plan
    ("styrelsemote", T(8, 30), T(12, 0), 21, 3, False),
    ("manadsmote", T(13, 0), T(15, 0), 14, None, True),
    ("ordforandetraff", T(17, 30), T(19, 0), 28, 5, True),
    ("revisionsmote", T(9, 0), T(12, 0), 21, 3, False),
    ("arsmote", None, None, 42, 10, True),
    ("konstituerande", None, None, 14, None, False),
    ("medlemsmote", None, None, 42, 10, True),
    ("planeringsdag", None, None, 28, None, False),
    ("omradestraff", T(13, 0), T(15, 0), 21, 3, True),
]


def create_types(apps, schema_editor):
    MeetingType = apps.get_model("meetings", "MeetingType")
    for code, start, end, lead, reminder, public in TYPES:
        MeetingType.objects.update_or_create(
            code=code,
            defaults={
                "default_start": start,
                "default_end": end,
                "invitation_lead_days": lead,
                "reminder_days": reminder,
                "in_public_plan": public,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(create_types, migrations.RunPython.noop)]
