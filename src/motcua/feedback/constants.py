"""Kinds, statuses, roles and error codes of citizens' feedback and petitions (phản ánh, kiến nghị).

Legal frame: Decree 20/2008/NĐ-CP of 14/02/2008 on receiving and handling feedback and petitions of individuals
and organisations on administrative regulations (art. 1: complaints and denunciations are out of its scope — they
follow the Law on Complaints / Law on Denunciations), amended by Decree 92/2017/NĐ-CP of 07/8/2017 (in force
25/9/2017) and guided by Circular 02/2017/TT-VPCP of 31/10/2017. Time limits are data (models.TimeLimit).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.constants import Role


class Kind(models.TextChoices):
    # Decree 20/2008/NĐ-CP art. 3: feedback on administrative regulations (mechanisms, policies, procedures) ...
    REGULATION = "regulation", _("An administrative regulation or procedure")  # quy định hành chính
    # ... and on how an agency or officer behaved: delays, harassment, not applying the rules (hành vi, thái độ).
    CONDUCT = "conduct", _("How an officer or agency behaved")  # hành vi, thái độ của cán bộ, cơ quan
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")  # đã tiếp nhận
    ROUTED = "routed", _("Sent to the responsible agency")  # đã chuyển cơ quan có thẩm quyền
    ANSWERED = "answered", _("Answered")  # đã trả lời
    PUBLISHED = "published", _("Answer published")  # đã công khai
    REJECTED = "rejected", _("Not within scope")  # không thuộc phạm vi xử lý


OPEN = frozenset({Status.RECEIVED, Status.ROUTED})
DONE = frozenset({Status.ANSWERED, Status.PUBLISHED})

# Allowed status changes (from → to); actions check them.
TRANSITIONS = {
    "route": ({Status.RECEIVED, Status.ROUTED}, Status.ROUTED),  # routing again moves it to another agency
    "answer": ({Status.ROUTED}, Status.ANSWERED),
    "publish": ({Status.ANSWERED}, Status.PUBLISHED),
    "reject": ({Status.RECEIVED, Status.ROUTED}, Status.REJECTED),
}


class Stage(models.TextChoices):
    ROUTE = "route", _("Route to the responsible agency")
    ANSWER = "answer", _("Answer")


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ROUTED = "routed", _("Routed")
    ANSWERED = "answered", _("Answered")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


# Who routes: the province's office that receives feedback (Văn phòng UBND tỉnh / reform staff) and the
# province administrator. They see every item of the province.
ROUTER_ROLES = frozenset({Role.REFORM_STAFF, Role.PROVINCE_ADMIN})
# Who answers for an agency (and for its sub-agencies): its specialists, leaders and administrators.
ANSWER_ROLES = frozenset({Role.SPECIALIST, Role.LEADER, Role.AGENCY_ADMIN})
# Who sees the feedback routed to their agencies (read only for desk officers).
VIEW_ROLES = ANSWER_ROLES | {Role.DESK_OFFICER}


class ErrorCode(models.TextChoices):
    INVALID = "feedback_invalid", _("Invalid feedback")
    ANONYMOUS_NOT_ALLOWED = "feedback_anonymous_not_allowed", _("Anonymous only for conduct reports")
    CONTACT_REQUIRED = "feedback_contact_required", _("Name and a way to reach you are required")
    SPAM = "feedback_spam_suspected", _("Looks automated")
    NOT_FOUND = "feedback_not_found", _("No such feedback")
    NOT_ALLOWED = "feedback_not_allowed", _("Not allowed")
    WRONG_STATUS = "feedback_wrong_status", _("Not possible in this status")
    NO_CONSENT = "feedback_no_consent", _("The author did not agree to publication")
    NO_TIME_LIMIT = "feedback_no_time_limit", _("No time limit configured")


SUBJECT_MAX = 200
CONTENT_MAX = 5000
