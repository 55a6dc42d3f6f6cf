from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.personnel.constants import Qualification
from motcua.recruitment.constants import Gender


class ApplicationForm(forms.Form):
    """The application form (Phiếu đăng ký dự tuyển) as the portal shows it."""

    round_position = forms.TypedChoiceField(label=_("Position"), coerce=int)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    birth_date = forms.DateField(label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"}))
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    ethnicity = forms.CharField(label=_("Ethnicity"), max_length=50, initial="Kinh")
    citizen_id = forms.RegexField(label=_("Citizen ID number"), regex=r"^\d{12}$")
    phone = forms.RegexField(label=_("Phone"), regex=r"^\+?\d{9,15}$")
    email = forms.EmailField(label=_("Email"), required=False)
    hometown = forms.CharField(label=_("Place of origin"), required=False)
    residence = forms.CharField(label=_("Permanent residence"), required=False)
    qualification = forms.TypedChoiceField(label=_("Qualification"), choices=Qualification.choices, coerce=int)
    major = forms.CharField(label=_("Major"), required=False)
    school = forms.CharField(label=_("School"), required=False)
    graduation_year = forms.IntegerField(label=_("Graduation year"), required=False, min_value=1960, max_value=2100)
    foreign_language = forms.CharField(label=_("Foreign language (certificate)"), required=False)
    priority_categories = forms.MultipleChoiceField(
        label=_("Priority categories"), required=False, widget=forms.CheckboxSelectMultiple
    )
    declaration = forms.BooleanField(
        label=_("I declare that the information above is true and I will bear responsibility for it."),
        required=False,
    )

    def __init__(self, *args, round_=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round_position"].choices = [
            (rp.pk, f"{rp.position.name} — {rp.position.agency.name} ({rp.quota})")
            for rp in round_.positions.select_related("position__agency")
        ]
        self.fields["priority_categories"].choices = [
            (code, spec.get("label", code)) for code, spec in round_.rule_set.priority_points.items()
        ]
