"""Demo feedback: ~20 items on real Đồng Tháp procedures and agencies, invented people, in every state.

Idempotent: an item whose subject already exists is skipped. Every change goes through feedback.actions, with
past timestamps so that deadlines, lateness and the reform metric have data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from motcua.divisions.constants import AgencyKind
from motcua.divisions.models import Agency
from motcua.divisions.selectors import agencies_of_province, current_province
from motcua.feedback import actions, selectors
from motcua.feedback.constants import Kind, Status
from motcua.feedback.models import Feedback
from motcua.procedures.selectors import get_procedure
from motcua.workdays.engine import Duration


@dataclass
class Item:
    subject: str
    content: str
    kind: str = Kind.REGULATION
    procedure: str = ""
    agency: str = ""  # key in AGENCIES: the responsible agency ("" = not routed yet)
    target: str = Status.RECEIVED  # the state the demo leaves it in
    days_ago: int = 10  # working days since it was received
    answer_after: int = 4  # working days from routing to the answer (> 10: late)
    anonymous: bool = False
    consent: bool = True
    author: tuple[str, str, str] = ("", "", "")
    answer: str = ""
    legal_basis: str = ""
    reason: str = ""
    dossier_code: str = ""


# Responsible agencies, found by kind and a fragment of the name among the province's agencies.
AGENCIES = {
    "tuphap": (AgencyKind.DEPARTMENT, "Tư pháp"),
    "caolanh": (AgencyKind.PEOPLES_COMMITTEE, "phường Cao Lãnh"),
    "xaydung": (AgencyKind.DEPARTMENT, "Xây dựng"),
    "dat": (None, "Đăng ký đất đai"),
    "congan": (None, "Công an tỉnh"),
    "pvhcc": (AgencyKind.SERVICE_CENTRE, "Phục vụ hành chính công"),
}

ITEMS = [
    Item(
        "Yêu cầu nộp bản sao giấy chứng sinh có chứng thực khi đăng ký khai sinh",
        "Khi đăng ký khai sinh cho con tại phường, cán bộ yêu cầu tôi nộp thêm bản sao có chứng thực giấy chứng "
        "sinh, trong khi thủ tục chỉ yêu cầu bản chính. Đề nghị hướng dẫn thống nhất.",
        procedure="1.001193",
        agency="caolanh",
        target=Status.PUBLISHED,
        days_ago=30,
        answer_after=5,
        author=("Trần Thị Hạnh", "0913456001", ""),
        answer="Theo Luật Hộ tịch và Nghị định 123/2015/NĐ-CP, người đi đăng ký khai sinh nộp bản chính giấy chứng "
        "sinh; không yêu cầu bản sao có chứng thực. UBND phường đã nhắc nhở công chức tư pháp - hộ tịch và xin lỗi "
        "bà về sự phiền hà.",
        legal_basis="Luật Hộ tịch 2014, Điều 16; Nghị định 123/2015/NĐ-CP",
    ),
    Item(
        "Phí chứng thực bản sao tính theo trang hay theo bản?",
        "Tôi chứng thực bản sao sổ hộ khẩu 8 trang và bị thu phí cho cả 8 trang. Xin hỏi mức thu đúng quy định?",
        procedure="2.000815",
        agency="tuphap",
        target=Status.PUBLISHED,
        days_ago=40,
        answer_after=8,
        author=("Lê Văn Phúc", "0987001122", "levanphuc@example.vn"),
        answer="Phí chứng thực bản sao từ bản chính là 2.000 đồng/trang; từ trang thứ ba trở lên thu 1.000 "
        "đồng/trang, tối đa 200.000 đồng/bản. Với bản 8 trang, mức thu là 2 × 2.000 + 6 × 1.000 = 10.000 đồng.",
        legal_basis="Thông tư 226/2016/TT-BTC",
    ),
    Item(
        "Thời hạn cấp Giấy xác nhận tình trạng hôn nhân kéo dài",
        "Hồ sơ xác nhận tình trạng hôn nhân của tôi nộp trực tuyến đã quá 3 ngày làm việc nhưng chưa có kết quả.",
        procedure="1.004873",
        agency="caolanh",
        target=Status.ANSWERED,
        days_ago=18,
        answer_after=12,
        author=("Nguyễn Thị Mỹ", "0901234567", ""),
        consent=False,
        dossier_code="000.00.14.H20-260310-0007",
        answer="Hồ sơ phải xác minh tình trạng hôn nhân tại nơi cư trú trước đây nên thời hạn được kéo dài theo quy "
        "định. Kết quả đã được trả ngày hôm qua; UBND phường xin lỗi vì chưa thông báo kịp thời.",
    ),
    Item(
        "Cán bộ một cửa hẹn nhiều lần khi nộp hồ sơ hộ kinh doanh",
        "Tôi nộp hồ sơ đăng ký hộ kinh doanh, cán bộ tiếp nhận yêu cầu bổ sung 3 lần, mỗi lần một giấy tờ khác nhau "
        "thay vì hướng dẫn một lần đầy đủ.",
        kind=Kind.CONDUCT,
        procedure="1.001612",
        agency="caolanh",
        target=Status.PUBLISHED,
        days_ago=25,
        answer_after=6,
        anonymous=True,
        answer="UBND phường đã kiểm tra, xác nhận việc hướng dẫn bổ sung nhiều lần là không đúng quy định về hướng "
        "dẫn một lần đầy đủ; đã kiểm điểm công chức liên quan.",
        legal_basis="Nghị định 118/2025/NĐ-CP (cơ chế một cửa, một cửa liên thông)",
    ),
    Item(
        "Đề nghị cho nộp bản chụp căn cước thay bản sao chứng thực khi đăng ký thường trú",
        "Thông tin cư trú đã có trong Cơ sở dữ liệu quốc gia về dân cư, đề nghị không yêu cầu bản sao giấy tờ.",
        procedure="1.004222",
        agency="congan",
        target=Status.ROUTED,
        days_ago=6,
        author=("Phạm Quốc Toàn", "", "pqtoan@example.vn"),
    ),
    Item(
        "Giấy phép xây dựng nhà ở riêng lẻ chậm so với giấy hẹn",
        "Hồ sơ cấp phép xây dựng nhà ở của tôi quá hạn 5 ngày so với giấy hẹn mà chưa nhận được thư xin lỗi.",
        procedure="1.013225",
        agency="xaydung",
        target=Status.ROUTED,
        days_ago=20,
        author=("Huỳnh Văn Lợi", "0939555123", ""),
    ),
    Item(
        "Văn phòng đăng ký đất đai yêu cầu trích đo lại thửa đất",
        "Khi đăng ký biến động do nhận thừa kế, tôi bị yêu cầu trích đo lại dù ranh giới không thay đổi.",
        procedure="1.013831",
        agency="dat",
        target=Status.ROUTED,
        days_ago=14,
        author=("Võ Thị Kim Ngân", "0918777456", ""),
    ),
    Item(
        "Thái độ thiếu lịch sự của nhân viên bảo vệ tại Trung tâm Phục vụ hành chính công",
        "Sáng thứ Hai, nhân viên bảo vệ quát người dân xếp hàng, không hướng dẫn lấy số thứ tự.",
        kind=Kind.CONDUCT,
        agency="pvhcc",
        target=Status.ROUTED,
        days_ago=3,
        anonymous=True,
    ),
    Item(
        "Cổng dịch vụ công không tải được tệp PDF trên 5 MB",
        "Tôi nộp hồ sơ trực tuyến nhưng không tải lên được bản quét giấy tờ vì giới hạn dung lượng quá nhỏ.",
        kind=Kind.OTHER,
        target=Status.RECEIVED,
        days_ago=1,
        author=("Đặng Minh Khôi", "0977333222", "khoi.dang@example.vn"),
    ),
    Item(
        "Hướng dẫn cấp bản sao trích lục khai sinh cho người ở tỉnh khác",
        "Tôi đang làm việc tại TP. Hồ Chí Minh, muốn xin bản sao trích lục khai sinh đăng ký ở Đồng Tháp có được "
        "nộp trực tuyến không?",
        procedure="2.000635",
        target=Status.RECEIVED,
        days_ago=0,
        author=("Ngô Thanh Tâm", "0908111333", ""),
    ),
    Item(
        "Khiếu nại quyết định thu hồi đất của UBND xã",
        "Tôi không đồng ý với quyết định thu hồi đất và mức bồi thường.",
        target=Status.REJECTED,
        days_ago=12,
        author=("Lâm Văn Thái", "0916222444", ""),
        reason="Đây là khiếu nại quyết định hành chính, được giải quyết theo Luật Khiếu nại; đề nghị ông gửi đơn "
        "đến UBND xã nơi ban hành quyết định.",
    ),
    Item(
        "Đề nghị rút ngắn thời hạn cấp bản sao từ sổ gốc",
        "Việc cấp bản sao từ sổ gốc chỉ là tra cứu, đề nghị trả ngay trong ngày thay vì hẹn hôm sau.",
        procedure="2.000908",
        agency="tuphap",
        target=Status.PUBLISHED,
        days_ago=35,
        answer_after=14,
        author=("Trương Thị Lệ", "0945678123", ""),
        answer="Sở Tư pháp ghi nhận kiến nghị; trường hợp nhận yêu cầu sau 15 giờ thì trả kết quả trong ngày làm "
        "việc tiếp theo. Sở sẽ đề xuất cắt giảm thời gian trong phương án đơn giản hóa thủ tục năm 2026.",
    ),
    Item(
        "Phường thu thêm phí photo khi đăng ký kết hôn",
        "Cán bộ thu 20.000 đồng tiền photo giấy tờ dù tôi đã mang đủ bản sao.",
        kind=Kind.CONDUCT,
        procedure="1.000894",
        agency="caolanh",
        target=Status.ROUTED,
        days_ago=11,
        author=("Phan Thị Thu", "0933444555", ""),
    ),
    Item(
        "Biểu mẫu tờ khai đăng ký khai tử trên cổng còn mẫu cũ",
        "Tờ khai đăng ký khai tử tải về từ cổng vẫn là mẫu theo Thông tư 04/2020/TT-BTP.",
        procedure="1.000656",
        agency="tuphap",
        target=Status.ANSWERED,
        days_ago=9,
        answer_after=3,
        author=("Cao Minh Đức", "", "cmduc@example.vn"),
        answer="Sở Tư pháp đã cập nhật biểu mẫu mới trên Cổng dịch vụ công của tỉnh. Cảm ơn ông đã phản ánh.",
    ),
    Item(
        "Cán bộ yêu cầu nộp lại giấy tờ đã có trong hồ sơ điện tử",
        "Khi nhận kết quả đăng ký tạm trú, tôi bị yêu cầu xuất trình lại giấy tờ đã nộp trực tuyến.",
        kind=Kind.CONDUCT,
        procedure="1.004194",
        agency="congan",
        target=Status.ROUTED,
        days_ago=16,
        anonymous=True,
    ),
    Item(
        "Đề nghị bổ sung thanh toán trực tuyến lệ phí hộ kinh doanh",
        "Hiện phải nộp lệ phí đăng ký hộ kinh doanh tiền mặt tại bộ phận một cửa.",
        procedure="1.001612",
        agency="caolanh",
        target=Status.PUBLISHED,
        days_ago=28,
        answer_after=9,
        author=("Lý Thị Diễm", "0972000111", ""),
        answer="Từ tháng 4/2026, lệ phí đăng ký hộ kinh doanh đã được thanh toán trực tuyến qua Cổng dịch vụ công.",
    ),
    Item(
        "Người cao tuổi không được ưu tiên khi chờ tại bộ phận một cửa",
        "Cha tôi 80 tuổi phải chờ hơn một giờ, không được ưu tiên giải quyết.",
        kind=Kind.CONDUCT,
        agency="caolanh",
        target=Status.ROUTED,
        days_ago=2,
        author=("Nguyễn Hoàng Nam", "0911999888", ""),
    ),
    Item(
        "Hỏi về giấy tờ khi đăng ký khai sinh cho trẻ sinh ở nước ngoài",
        "Con tôi sinh tại Hàn Quốc, về nước cần giấy tờ gì để đăng ký khai sinh?",
        procedure="1.001193",
        agency="tuphap",
        target=Status.ROUTED,
        days_ago=4,
        author=("Hồ Thị Yến", "0966123789", ""),
    ),
    Item(
        "Xác nhận khuyết tật phải đi lại nhiều lần",
        "Hội đồng xác định mức độ khuyết tật hẹn 3 lần mới họp, gia đình tôi phải đưa con đi lại nhiều lần.",
        procedure="1.001699",
        agency="caolanh",
        target=Status.ROUTED,
        days_ago=13,
        author=("Bùi Thị Nga", "0989456321", ""),
    ),
    Item(
        "Quảng cáo dịch vụ làm hồ sơ nhanh trước cổng trụ sở",
        "Có người đứng trước cổng mời làm hồ sơ nhanh, thu phí cao.",
        kind=Kind.OTHER,
        target=Status.RECEIVED,
        days_ago=4,
        anonymous=False,
        author=("Tạ Văn Hùng", "0903777666", ""),
    ),
]


def _find_agency(kind, fragment: str) -> Agency | None:
    province = current_province()
    if province is None:
        return None
    qs = agencies_of_province(province).filter(Q(name__icontains=fragment) | Q(short_name__icontains=fragment))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("code").first()


def _officer_for(agency: Agency, roles) -> object | None:
    """A demo officer who may answer for `agency` (holds an answering role there or in a parent)."""
    user_model = get_user_model()
    for user in user_model.objects.filter(memberships__role__in=roles).distinct().order_by("username"):
        if agency.pk in selectors.agency_ids_for(user, roles):
            return user
    return None


def load(stdout=None) -> dict:
    from motcua.feedback.constants import ANSWER_ROLES, ROUTER_ROLES

    user_model = get_user_model()
    router = user_model.objects.filter(memberships__role__in=ROUTER_ROLES).order_by("username").first()
    if router is None:
        raise RuntimeError("No reform staff or province administrator: run demo_accounts first.")
    agencies = {key: _find_agency(kind, fragment) for key, (kind, fragment) in AGENCIES.items()}
    calendar = selectors.calendar_of()
    now = timezone.now()
    today_9 = timezone.make_aware(datetime.combine(timezone.localdate(), time(9, 0)))
    created = skipped = 0
    for item in ITEMS:
        if Feedback.objects.filter(subject=item.subject).exists():
            skipped += 1
            continue
        # Walk back `days_ago` working days from today 09:00 (working days of the province calendar).
        received = today_9
        for _ in range(item.days_ago):
            received -= timedelta(days=1)
            while not calendar.is_working_day(timezone.localdate(received)):
                received -= timedelta(days=1)
        received = min(received, now - timedelta(minutes=5))
        name, phone, email = item.author
        feedback = actions.submit(
            kind=item.kind,
            subject=item.subject,
            content=item.content,
            procedure=get_procedure(item.procedure) if item.procedure else None,
            dossier_code=item.dossier_code,
            concerned_agency=agencies.get(item.agency),
            author_name=name,
            author_phone=phone,
            author_email=email,
            anonymous=item.anonymous,
            consent_publish=item.consent,
            at=received,
        )
        created += 1
        if item.target == Status.RECEIVED:
            continue
        if item.target == Status.REJECTED:
            actions.reject(actor=router, feedback=feedback, reason=item.reason, at=received + timedelta(hours=3))
            continue
        agency = agencies.get(item.agency)
        if agency is None:
            continue
        routed = calendar.due_date(received, Duration.working_days(1))
        routed = min(routed, now - timedelta(minutes=4))
        actions.route(actor=router, feedback=feedback, agency=agency, at=routed)
        if item.target == Status.ROUTED:
            continue
        officer = _officer_for(agency, ANSWER_ROLES)
        if officer is None:
            continue
        answered = min(calendar.due_date(routed, Duration.working_days(item.answer_after)), now - timedelta(minutes=3))
        actions.answer(actor=officer, feedback=feedback, text=item.answer, legal_basis=item.legal_basis, at=answered)
        if item.target == Status.PUBLISHED and feedback.consent_publish:
            actions.publish(actor=router, feedback=feedback, at=answered + timedelta(hours=2))
    return {"created": created, "skipped": skipped}
