"""What a caseworker saw when matching homes for a household (issue #17): the inputs, the parameter files,
the ranked homes with their scores and the excluded counts — so that a decision can be explained later
(DESIGN.md, Boston CAS: a snapshot of the inputs stored with every match)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MatchSnapshot(models.Model):
    """One run of the home matching for a case (マッチング結果の記録)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="match_snapshots")
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    inputs = models.JSONField(_("inputs"))
    versions = models.JSONField(_("parameter files"), default=dict)
    ranked = models.JSONField(_("ranked homes"), default=list)  # [{"unit": id, "score": s, "parts": {...}}]
    excluded = models.JSONField(_("excluded homes by rule"), default=dict)  # {"matching.excluded.cost": n}
    candidates = models.PositiveIntegerField(_("homes considered"), default=0)
    created_at = models.DateTimeField(_("matched at"), auto_now_add=True)

    class Meta:
        verbose_name = _("match snapshot")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["case", "created_at"], name="match_case_created")]

    def __str__(self) -> str:
        return f"match {self.pk} of case {self.case_id}"
