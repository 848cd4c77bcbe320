"""The kinds of agenda items and the rules a vote is decided by (used by the statutes too)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    FORMALITY = "formalia", _("Formality")
    MATTER = "beslut", _("Matter for decision")
    ELECTION = "val", _("Election")
    MOTION = "motion", _("Motion")
    INFORMATION = "information", _("Information")


class MajorityRule(models.TextChoices):
    SIMPLE = "simple", _("Simple majority of the votes cast")
    TWO_THIRDS = "two_thirds", _("Two thirds of the votes cast")


class TieRule(models.TextChoices):
    CASTING_VOTE = "casting_vote", _("The chair's casting vote")
    LOTTERY = "lottery", _("Lottery")
    FALLS = "falls", _("The proposal falls")
