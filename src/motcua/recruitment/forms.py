from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.uploads import FORMATS
from motcua.personnel.constants import Qualification
from motcua.recruitment.constants import Gender

ACCEPT = ",".join(sorted(ext for _mime, exts in FORMATS.values() for ext in exts))


class ApplicationForm(forms.Form):
    """The application form (Phiếu đăng ký dự tuyển) as the portal shows it, section by section as on the
    paper form; a file field is added for each document the round's rules ask for."""

    SECTIONS = (
        (_("Position applied for"), ("round_position",)),
        (
            _("I. Personal details"),
            ("full_name", "birth_date", "gender", "ethnicity", "religion", "citizen_id", "id_issued_on",
             "id_issued_by", "phone", "email", "hometown", "residence", "current_address"),
        ),
        (_("Health"), ("health_fit", "health_note", "height_cm", "weight_kg")),
        (
            _("II. Education and training"),
            ("general_education", "qualification", "school", "major", "graduation_year", "diploma_number",
             "training_mode", "classification", "other_training"),
        ),
        (_("III. Work history"), ("work_history",)),
        (_("IV. Family"), ("family",)),
        (_("V. Foreign language"), ("foreign_language", "language_exemption")),
        (_("VI. Priority category"), ("priority_categories",)),
    )  # fmt: skip

    round_position = forms.TypedChoiceField(label=_("Position"), coerce=int)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    birth_date = forms.DateField(label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"}))
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    ethnicity = forms.CharField(label=_("Ethnicity"), max_length=50, initial="Kinh")
    religion = forms.CharField(label=_("Religion"), max_length=50, initial="Không", required=False)
    citizen_id = forms.RegexField(label=_("Citizen ID number"), regex=r"^\d{12}$")
    id_issued_on = forms.DateField(
        label=_("ID issued on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    id_issued_by = forms.CharField(label=_("ID issued by"), max_length=150, required=False)
    phone = forms.RegexField(label=_("Mobile phone"), regex=r"^\+?\d{9,15}$")
    email = forms.EmailField(label=_("Email"), required=False)
    hometown = forms.CharField(label=_("Place of origin"), required=False)
    residence = forms.CharField(label=_("Permanent residence"), required=False)
    current_address = forms.CharField(label=_("Current address"), required=False)
    health_fit = forms.BooleanField(label=_("I am in good health for the duties"), required=False, initial=True)
    health_note = forms.CharField(label=_("State of health"), max_length=100, required=False, initial="Tốt")
    height_cm = forms.IntegerField(label=_("Height (cm)"), required=False, min_value=100, max_value=250)
    weight_kg = forms.IntegerField(label=_("Weight (kg)"), required=False, min_value=30, max_value=250)
    general_education = forms.CharField(label=_("General education"), max_length=20, initial="12/12", required=False)
    qualification = forms.TypedChoiceField(
        label=_("Qualification"), choices=Qualification.choices, coerce=int, initial=Qualification.BACHELOR
    )
    school = forms.CharField(label=_("School"), required=False)
    major = forms.CharField(label=_("Major"), required=False)
    graduation_year = forms.IntegerField(label=_("Graduation year"), required=False, min_value=1960, max_value=2100)
    diploma_number = forms.CharField(label=_("Diploma number"), max_length=50, required=False)
    training_mode = forms.CharField(label=_("Mode of training"), max_length=50, required=False, initial="Chính quy")
    classification = forms.CharField(label=_("Classification of the degree"), max_length=50, required=False)
    other_training = forms.CharField(
        label=_("Other degrees and certificates (one a line)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    work_history = forms.CharField(
        label=_("Work history (from – to, agency, job; one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    family = forms.CharField(
        label=_("Parents, spouse, children (relation, name, year of birth, occupation; one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    foreign_language = forms.CharField(label=_("Foreign language (certificate)"), required=False)
    language_exemption = forms.CharField(label=_("Exempt from the foreign-language test because"), required=False)
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
            (code, f"{spec.get('label', code)} (+{spec.get('points')})")
            for code, spec in round_.rule_set.priority_points.items()
        ]
        self.document_kinds = []
        for spec in round_.rule_set.required_documents:
            name = f"document_{spec['code']}"
            self.fields[name] = forms.FileField(
                label=spec.get("label", spec["code"]),
                required=bool(spec.get("mandatory")),
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
            )
            self.document_kinds.append((spec["code"], name))

    def sections(self):
        out = [(title, [self[name] for name in names]) for title, names in self.SECTIONS]
        out.append((_("VII. Documents"), [self[name] for _kind, name in self.document_kinds]))
        return out

    def documents(self) -> list:
        return [(kind, self.cleaned_data[name]) for kind, name in self.document_kinds if self.cleaned_data.get(name)]

    def form_values(self) -> dict:
        values = dict(self.cleaned_data)
        for _kind, name in self.document_kinds:
            values.pop(name, None)
        values.pop("round_position", None)
        return values
