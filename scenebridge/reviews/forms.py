from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from scenebridge.core.validators import validate_plain_text


class ScoreForm(forms.Form):
    """One number field per rubric criterion, then a comment."""

    def __init__(self, rubric: list[dict[str, Any]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in rubric:
            top = criterion["max_score"]
            self.fields[f"c_{criterion['code']}"] = forms.FloatField(
                label=f"{criterion.get('name', criterion['code'])} ({_('weight')} {criterion['weight']}, 0–{top})",
                min_value=0,
                max_value=top,
                widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
            )
        self.fields["comment"] = forms.CharField(
            label=_("Comment"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            validators=[validate_plain_text],
        )
        self.rubric = rubric

    def values(self) -> dict[str, float]:
        return {str(c["code"]): self.cleaned_data[f"c_{c['code']}"] for c in self.rubric}

    @staticmethod
    def initial_from(values: dict[str, Any], comment: str) -> dict[str, Any]:
        return {**{f"c_{code}": value for code, value in values.items()}, "comment": comment}


class ConflictForm(forms.Form):
    note = forms.CharField(
        label=_("Reason (optional)"), required=False, max_length=300, validators=[validate_plain_text]
    )


class MemberForm(forms.Form):
    expert = forms.IntegerField(label=_("Expert"))
