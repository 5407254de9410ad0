"""The program's signal settings form: one fieldset per signal (on, points, thresholds)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.signals.rules import (
    ALERT_THRESHOLD_MAX,
    DESCRIPTIONS,
    THRESHOLDS,
    WEIGHT_MAX,
    SignalCode,
    SignalConfig,
)


class SignalSettingsForm(forms.Form):
    alert_threshold = forms.IntegerField(
        label=_("Alert threshold"),
        help_text=_(
            "An alert goes to the participant's mentor when the score (the points of the signals found) reaches this."
        ),
        min_value=1,
        max_value=ALERT_THRESHOLD_MAX,
    )

    def __init__(self, *args: Any, config: SignalConfig, **kwargs: Any) -> None:
        initial: dict[str, Any] = {"alert_threshold": config.alert_threshold}
        for code in SignalCode.values:
            initial[f"enabled_{code}"] = code in config.enabled
            initial[f"weight_{code}"] = config.weights[code]
        for spec in THRESHOLDS:
            value = config.t(spec.key)
            initial[f"threshold_{spec.key}"] = int(value) if spec.integer else Decimal(str(value))
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for code in SignalCode.values:
            self.fields[f"enabled_{code}"] = forms.BooleanField(
                label=_("Use this signal"), required=False, help_text=DESCRIPTIONS[code]
            )
            self.fields[f"weight_{code}"] = forms.IntegerField(
                label=_("Points toward the score"), min_value=0, max_value=WEIGHT_MAX
            )
        for spec in THRESHOLDS:
            name = f"threshold_{spec.key}"
            if spec.integer:
                self.fields[name] = forms.IntegerField(
                    label=spec.label, min_value=int(spec.minimum), max_value=int(spec.maximum)
                )
            else:
                self.fields[name] = forms.DecimalField(
                    label=spec.label,
                    min_value=Decimal(str(spec.minimum)),
                    max_value=Decimal(str(spec.maximum)),
                    decimal_places=1,
                    max_digits=3,
                    widget=forms.NumberInput(attrs={"step": "0.1"}),
                )

    def groups(self) -> list[dict[str, Any]]:
        """The fields of each signal together, for one fieldset per signal."""
        return [
            {
                "code": code,
                "label": label,
                "fields": [
                    self[f"enabled_{code}"],
                    self[f"weight_{code}"],
                    *[self[f"threshold_{spec.key}"] for spec in THRESHOLDS if spec.signal == code],
                ],
            }
            for code, label in SignalCode.choices
        ]

    def settings_input(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "alert_threshold": data["alert_threshold"],
            "weights": {code: data[f"weight_{code}"] for code in SignalCode.values},
            "thresholds": {
                spec.key: int(data[f"threshold_{spec.key}"]) if spec.integer else float(data[f"threshold_{spec.key}"])
                for spec in THRESHOLDS
            },
            "enabled": [code for code in SignalCode.values if data[f"enabled_{code}"]],
        }
