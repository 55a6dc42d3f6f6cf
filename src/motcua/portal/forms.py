"""Forms of the portal pages: they parse and check input; the actions write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import citizen_id_validator, phone_validator
from motcua.dossiers.constants import ApplicantKind
from motcua.portal.models import Rating, Survey


def describe(form: forms.Form) -> forms.Form:
    """Link each input to its help text and errors (aria-describedby) and mark invalid ones (aria-invalid)."""
    errors = form.errors if form.is_bound else {}
    for name, field in form.fields.items():
        html_name = form.add_prefix(name)
        ids = ([f"h-{html_name}"] if field.help_text else []) + ([f"e-{html_name}"] if name in errors else [])
        attrs = field.widget.attrs
        attrs.pop("aria-describedby", None)
        attrs.pop("aria-invalid", None)
        if ids:
            attrs["aria-describedby"] = " ".join(ids)
        if name in errors:
            attrs["aria-invalid"] = "true"
    return form


class AgencyForm(forms.Form):
    agency = forms.ChoiceField(label=_("Agency that receives your dossier"))

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", _("— choose —"))] + [(a.code, a.name) for a in agencies]


class ApplicantForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("You apply as"), choices=ApplicantKind.choices, widget=forms.RadioSelect, initial=ApplicantKind.PERSON
    )
    name = forms.CharField(label=_("Full name (or organisation name)"), max_length=200)
    citizen_id = forms.CharField(
        label=_("Citizen ID number"),
        max_length=12,
        required=False,
        validators=[citizen_id_validator],
        help_text=_("12 digits, on your chip-based ID card."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    tax_code = forms.CharField(label=_("Tax code (organisations)"), max_length=14, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=16,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("Email"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    address_unit = forms.ChoiceField(label=_("Commune or ward"), required=False)
    address_street = forms.CharField(
        label=_("House number, street, hamlet"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address_unit"].choices = [("", _("— choose —"))] + [(u.code, u.name) for u in units]

    def clean(self):
        data = super().clean()
        if data.get("kind") == ApplicantKind.PERSON and not data.get("citizen_id") and "citizen_id" not in self.errors:
            self.add_error("citizen_id", _("A person applying gives their citizen ID number."))
        if (
            data.get("kind") == ApplicantKind.ORGANISATION
            and not data.get("tax_code")
            and "tax_code" not in self.errors
        ):
            self.add_error("tax_code", _("An organisation gives its tax code."))
        return data


class DeliveryForm(forms.Form):
    DESK, POST = "desk", "post"
    method = forms.ChoiceField(label=_("How do you want to receive the result?"), widget=forms.RadioSelect)
    address = forms.CharField(
        label=_("Postal address for the result"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, postal_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(self.DESK, _("At the one-stop desk where I submitted"))]
        if postal_allowed:
            choices.append((self.POST, _("By post (public postal service, fee paid on delivery)")))
        self.fields["method"].choices = choices
        self.fields["method"].initial = self.DESK

    def clean(self):
        data = super().clean()
        if data.get("method") == self.POST and not (data.get("address") or "").strip():
            self.add_error("address", _("Give the address the result is sent to."))
        return data


class ReviewForm(forms.Form):
    declaration = forms.BooleanField(
        label=_("I declare that the information given is true and I am responsible for it before the law.")
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


CRITERIA_QUESTIONS = {
    "time": _("The time it took to handle your dossier"),
    "attitude": _("The attitude of the officers"),
    "publicity": _("The public information about the procedure"),
    "ease": _("How easy the procedure was"),
    "cost": _("The fees and costs"),
}


class SurveyForm(forms.Form):
    comment = forms.CharField(
        label=_("Anything else to tell us? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in Survey.CRITERIA:
            self.fields[name] = forms.TypedChoiceField(
                label=CRITERIA_QUESTIONS[name],
                choices=Rating.choices,
                coerce=int,
                widget=forms.RadioSelect,
            )
        self.order_fields([*Survey.CRITERIA, "comment"])
