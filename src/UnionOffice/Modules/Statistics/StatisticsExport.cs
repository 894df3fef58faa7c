using UnionOffice.Common;

namespace UnionOffice.Modules.Statistics;

/// <summary>
/// The statistics as the reports people file (NĐ30 Phụ lục VI §V.2, §V.4: tình hình giải quyết văn bản đến, đi; the
/// indicators of the digital transformation plans), one row per organ (rolled up) or per department and person.
/// </summary>
public sealed class StatisticsExport(Statistics statistics, Indicators indicators)
{
    public async Task<ExportedFile> HandlingAsync(string? organizationCode, DateOnly? from, DateOnly? to, bool below, ExportFormat format, CancellationToken ct)
    {
        var r = await statistics.HandlingAsync(organizationCode, from, to, below, ct);
        var rows = new List<PrintedRow>();
        if (r.Total is { } total)
        {
            var n = 0;
            foreach (var o in r.Organs) rows.Add(OrganRow((++n).ToString(), o.Name, o));
            rows.Add(OrganRow("", r.Organs.Count > 0 ? "Tổng cộng" : total.Name, total) with { Strong = true });
        }
        var units = new List<PrintedRow>();
        var k = 0;
        foreach (var u in r.Departments.Concat(r.People))
            units.Add(new PrintedRow([(++k).ToString(), u.Name, u.Assigned, u.Done, u.OnTime, u.Late, u.OverdueNow, null, u.Drafted, u.Issued, null, null, null]));
        if (units.Count > 0)
        {
            rows.Add(new PrintedRow(["Theo phòng/ban và cán bộ (văn bản đến được giao chủ trì; văn bản đi soạn thảo)", .. Enumerable.Repeat<object?>(null, 12)], Strong: true, Span: true));
            rows.AddRange(units);
        }
        var table = new PrintedTable(r.OrganizationName, "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT VĂN BẢN ĐẾN, VĂN BẢN ĐI",
            [$"Từ ngày {Formats.Date(r.From)} đến ngày {Formats.Date(r.To)}", "Số liệu tính từ dữ liệu của hệ thống văn phòng điện tử."],
            [
                new PrintedColumn("STT", 5, Centered: true), new PrintedColumn("Đơn vị", 30),
                new PrintedColumn("Văn bản đến tiếp nhận", 10, true), new PrintedColumn("Đã giải quyết", 10, true), new PrintedColumn("Đúng hạn", 9, true),
                new PrintedColumn("Quá hạn", 9, true), new PrintedColumn("Đang quá hạn", 9, true), new PrintedColumn("Thời gian TB (ngày)", 10, true),
                new PrintedColumn("Văn bản đi soạn thảo", 10, true), new PrintedColumn("Phát hành", 9, true), new PrintedColumn("Ký số", 8, true),
                new PrintedColumn("Gửi liên thông", 9, true), new PrintedColumn("Bị trả lại", 9, true),
            ], rows, SheetName: "Giải quyết văn bản");
        return Export.Render(table, format, $"thong-ke-van-ban-{r.OrganizationCode}-{r.From:yyyyMMdd}-{r.To:yyyyMMdd}");
    }

    private static PrintedRow OrganRow(string n, string name, OrganFigures o) =>
        new([n, name, o.Incoming.Received, o.Incoming.Done, o.Incoming.OnTime, o.Incoming.Late, o.Incoming.OverdueNow, o.Incoming.AverageDays?.ToString("0.0", Formats.Vi),
            o.Outgoing.Drafted, o.Outgoing.Issued, o.Outgoing.SignedDigitally, o.Outgoing.SentInterconnect + o.Outgoing.SentInternal, o.Outgoing.Returned]);

    public async Task<ExportedFile> IndicatorsAsync(string? organizationCode, DateOnly? from, DateOnly? to, bool below, ExportFormat format, CancellationToken ct)
    {
        var r = await indicators.ReportAsync(organizationCode, from, to, below, ct);
        var rows = new List<PrintedRow>();
        void Block(string title, List<IndicatorValue> values)
        {
            rows.Add(new PrintedRow([title, null, null, null, null, null, null], Strong: true, Span: true));
            var n = 0;
            foreach (var v in values)
                rows.Add(new PrintedRow([(++n).ToString(), $"{v.Name} ({v.Source})", $"{v.Target}%", v.Denominator == 0 ? null : v.Numerator, v.Denominator == 0 ? null : v.Denominator,
                    v.Percent is { } p ? $"{p.ToString("0.0", Formats.Vi)}%" : v.Note, v.Met switch { true => "Đạt", false => "Chưa đạt", _ => "" }]));
        }
        Block(r.Organs.Count > 0 ? "Tổng hợp" : r.OrganizationName, r.Total);
        foreach (var o in r.Organs) Block(o.OrganizationName, o.Values);
        var table = new PrintedTable(r.OrganizationName, "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHUYỂN ĐỔI SỐ",
            [$"Từ ngày {Formats.Date(r.From)} đến ngày {Formats.Date(r.To)}", "Số liệu đo từ dữ liệu của hệ thống, không nhập tay."],
            [
                new PrintedColumn("STT", 5, Centered: true), new PrintedColumn("Chỉ tiêu", 50), new PrintedColumn("Chỉ tiêu đặt ra", 10, true),
                new PrintedColumn("Đạt được", 10, true), new PrintedColumn("Tổng số", 10, true), new PrintedColumn("Tỷ lệ", 14, true), new PrintedColumn("Đánh giá", 10, true),
            ], rows, SheetName: "Chỉ tiêu");
        return Export.Render(table, format, $"chi-tieu-{r.OrganizationCode}-{r.From:yyyyMMdd}-{r.To:yyyyMMdd}");
    }
}
