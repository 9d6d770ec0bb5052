"""One row of the allocations sheet (配当額 per bureau and 年度), as HQ keeps it in Excel."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.excel.fields import BureauField, FiscalYearField
from portal.forms import YenField
from portal.japanese import yen

from ..selectors import applications as selectors


class AllocationRowForm(forms.Form):
    bureau = BureauField(label=_("bureau"))
    fiscal_year = FiscalYearField(label=_("fiscal year"))
    amount = YenField(label=_("allocated amount (yen)"))

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean(self):
        data = super().clean()
        bureau, year, amount = data.get("bureau"), data.get("fiscal_year"), data.get("amount")
        if bureau and year and amount is not None:
            committed = selectors.committed_amount(bureau.pk, year)
            if amount < committed:
                self.add_error(
                    "amount",
                    _(
                        "%(committed)s is already decided in this fiscal year: allocate at least "
                        "that much."
                    )
                    % {"committed": yen(committed)},
                )
        return data
