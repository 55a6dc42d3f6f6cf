"""Forms of the desk: they parse and validate input; the views hand the clean data to dossiers.actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.constants import Channel


class ReceiveForm(forms.Form):
    """Receipt at the counter (tiếp nhận trực tiếp) or of a dossier that came by post."""

    procedure = forms.CharField(label=_("Procedure code"), max_length=20)
    channel = forms.TypedChoiceField(
        label=_("Channel"),
        choices=[(Channel.IN_PERSON.value, Channel.IN_PERSON.label), (Channel.POSTAL.value, Channel.POSTAL.label)],
        coerce=int,
        initial=Channel.IN_PERSON.value,
    )
    name = forms.CharField(label=_("Applicant's full name"), max_length=200)
    citizen_id = forms.CharField(label=_("Citizen ID number"), max_length=12, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=16, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    address_street = forms.CharField(label=_("Address"), max_length=255, required=False)
    documents_checked = forms.TypedMultipleChoiceField(
        label=_("Documents checked at the counter"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, procedure=None, **kwargs):
        super().__init__(*args, **kwargs)
        if procedure is not None:
            self.fields["documents_checked"].choices = [
                (doc.pk, f"{doc.name}{'' if doc.mandatory else ' (' + str(_('optional')) + ')'}")
                for doc in procedure.documents.order_by("position")
            ]


class ActionForm(forms.Form):
    """Parameters of one action on a dossier; the action decides which it needs."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    to_user = forms.CharField(label=_("Hand over to (login)"), required=False)
    amount = forms.DecimalField(label=_("Amount (VND)"), required=False, min_value=0, decimal_places=0)
    new_due_at = forms.DateTimeField(label=_("New appointment"), required=False)
    apology = forms.CharField(label=_("Apology"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
