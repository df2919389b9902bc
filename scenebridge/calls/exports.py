"""A published list as an Excel workbook in the layout governments use for scenario lists, and as a printable PDF.
Both are built from selectors.list_rows, which holds only the public parts of each scenario."""

import io
from collections.abc import Sequence

from scenebridge.calls.models import ScenarioList
from scenebridge.calls.selectors import ListRow

# Column headings and widths (in characters) of the usual 场景清单 table.
COLUMNS: tuple[tuple[str, int], ...] = (
    ("序号", 6),
    ("场景名称", 28),
    ("场景方", 24),
    ("所在地区", 14),
    ("领域", 14),
    ("场景层级", 14),
    ("开放方式", 16),
    ("主要内容", 50),
    ("联系方式", 26),
)


def _values(row: ListRow) -> list[str | int]:
    return [
        row.order,
        row.title,
        row.owner,
        row.region,
        row.domain,
        row.level,
        row.opening_modes,
        row.summary,
        row.contact,
    ]


def _heading(scenario_list: ScenarioList) -> str:
    version = f"（第{scenario_list.version}版）" if scenario_list.version > 1 else ""
    return f"{scenario_list.title}{version}"


def list_workbook(scenario_list: ScenarioList, rows: Sequence[ListRow]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "场景清单"
    last = get_column_letter(len(COLUMNS))
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"] = _heading(scenario_list)
    sheet["A1"].font = Font(name="宋体", size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 36
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for column, (name, width) in enumerate(COLUMNS, 1):
        cell = sheet.cell(row=2, column=column, value=name)
        cell.font = Font(name="黑体", bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        sheet.column_dimensions[get_column_letter(column)].width = width
    for offset, row in enumerate(rows, 3):
        for column, value in enumerate(_values(row), 1):
            cell = sheet.cell(row=offset, column=column, value=value)
            cell.alignment = Alignment(vertical="top", wrap_text=True, horizontal="center" if column == 1 else "left")
            cell.border = border
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def list_pdf(scenario_list: ScenarioList, rows: Sequence[ListRow], footer: str) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    title_style = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, alignment=1)
    cell_style = ParagraphStyle("cell", fontName=font, fontSize=8, leading=11, wordWrap="CJK")
    meta_style = ParagraphStyle("meta", fontName=font, fontSize=8, leading=11)

    def paragraph(text: object) -> Paragraph:
        escaped = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return Paragraph(escaped, cell_style)

    data = [[paragraph(name) for name, _ in COLUMNS]] + [[paragraph(v) for v in _values(row)] for row in rows]
    total = sum(width for _, width in COLUMNS)
    usable = landscape(A4)[0] - 20 * mm
    table = Table(data, colWidths=[usable * width / total for _, width in COLUMNS], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=10 * mm,
        rightMargin=10 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=_heading(scenario_list),
    )
    publisher = f"{scenario_list.publisher.name}  {scenario_list.publication_date or ''}"
    document.build(
        [
            Paragraph(_heading(scenario_list), title_style),
            Spacer(1, 4 * mm),
            Paragraph(publisher, meta_style),
            Spacer(1, 4 * mm),
            table,
            Spacer(1, 4 * mm),
            Paragraph(footer, meta_style),
        ]
    )
    return buffer.getvalue()
