from django import forms
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from motcua.divisions.models import Agency
from motcua.divisions.selectors import agencies_of_province, current_province, valid_on
from motcua.feedback.constants import CONTENT_MAX, SUBJECT_MAX, Kind


def agency_choices():
    """Agencies of the installation's province (every valid agency when the province is not loaded)."""
    day = timezone.localdate()
    province = current_province()
    qs = agencies_of_province(province, day) if province is not None else Agency.objects.filter(valid_on(day))
    return list(qs.order_by("tier", "name").values_list("code", "name"))


def options_html(bound_field):
    """The <option>s of a long select in one pass (Django's widget templates cost ~0.3 ms per option)."""
    current = str(bound_field.value() or "")
    return mark_safe(
        "".join(
            f'<option value="{escape(value)}"{" selected" if str(value) == current else ""}>{escape(label)}</option>'
            for value, label in bound_field.field.choices
        )
    )


class SubmitForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is your feedback about?"), choices=Kind.choices, widget=forms.RadioSelect)
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX)
    content = forms.CharField(
        label=_("Content"),
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("What happened, where and when; what you propose."),
    )
    concerned_agency = forms.ChoiceField(label=_("Agency concerned"), required=False)
    procedure_code = forms.CharField(
        label=_("Procedure code (if any)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"placeholder": "1.001193"}),
    )
    dossier_code = forms.CharField(label=_("Dossier code (if any)"), required=False, max_length=60)
    anonymous = forms.BooleanField(
        label=_("Send anonymously"),
        required=False,
        help_text=_(
            "Only for reports about an officer's or agency's conduct. Keep the follow-up code: it is the only "
            "way to see the answer."
        ),
    )
    author_name = forms.CharField(label=_("Full name"), required=False, max_length=200)
    author_phone = forms.CharField(label=_("Phone"), required=False, max_length=20)
    author_email = forms.EmailField(label=_("E-mail"), required=False)
    consent_publish = forms.BooleanField(
        label=_("I agree that the answer is published on the portal (without my personal details)"), required=False
    )
    # Honeypot: hidden from people by CSS; bots fill every field.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concerned_agency"].choices = [("", _("— not sure —")), *agency_choices()]
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})


class FollowUpForm(forms.Form):
    code = forms.CharField(label=_("Follow-up code"), max_length=24)


class RouteForm(forms.Form):
    agency = forms.ChoiceField(label=_("Responsible agency"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", _("— choose —")), *agency_choices()]


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 7}))
    legal_basis = forms.CharField(label=_("Legal basis"), required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)


class PublishForm(forms.Form):
    public_question = forms.CharField(
        label=_("Question as published"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Remove names, phone numbers and addresses before publishing."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)
