"""The standard meeting types of docs/domain.md, with their usual times and how many days before a
meeting its invitations and reminders go out.

The data migration ``0002_meeting_types`` created them once, from its own frozen copy (a
migration must not change when this module does); staff may have changed the times since.
"""

import datetime

T = datetime.time
STANDARD_TYPES = [
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
