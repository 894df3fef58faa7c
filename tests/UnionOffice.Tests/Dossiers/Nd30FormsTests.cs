using System.Net;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Dossiers;

/// <summary>
/// The forms of NĐ30 Phụ lục V as the product prints them, compared column by column with the decree's text (quoted below
/// from Phụ lục V II, III and IV), and the handover record's numbered contents with Phụ lục V V.
/// </summary>
public abstract class Nd30FormsTests(AppFixture app)
{
    // Phụ lục V II — Mẫu danh mục hồ sơ.
    private static readonly string[] Catalogue = ["Số và ký hiệu hồ sơ", "Tên đề mục và tiêu đề hồ sơ", "Thời hạn bảo quản", "Người lập hồ sơ", "Ghi chú"];
    // Phụ lục V III — Mẫu mục lục hồ sơ, tài liệu nộp lưu.
    private static readonly string[] HandoverList = ["Số TT", "Số, ký hiệu hồ sơ", "Tiêu đề hồ sơ", "Thời gian tài liệu", "Thời hạn bảo quản", "Số tờ/ Số trang", "Ghi chú"];
    // Phụ lục V IV — Mẫu mục lục văn bản, tài liệu trong hồ sơ.
    private static readonly string[] Contents = ["STT", "Số, ký hiệu văn bản", "Ngày tháng năm văn bản", "Tên loại và trích yếu nội dung văn bản", "Tác giả văn bản",
        "Tờ số/ Trang số", "Ghi chú"];

    private static void HasForm(List<string[]> rows, string[] columns)
    {
        var header = rows.FindIndex(r => r.Take(columns.Length).SequenceEqual(columns));
        Assert.True(header >= 0, $"No row reads {string.Join(" | ", columns)}; rows: {string.Join(" / ", rows.Take(8).Select(r => string.Join(" | ", r)))}");
        Assert.Equal(columns.Select((_, i) => $"({i + 1})"), rows[header + 1].Take(columns.Length));
    }

    private async Task<List<string[]>> XlsxAsync(string user, string url)
    {
        var r = await (await app.ClientAsAsync(user)).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return ExportReader.XlsxRows(await r.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task TheFormsOfPhuLucV_HaveTheDecreesColumns_InItsOrder()
    {
        var year = Formats.Today(app.Clock).Year + 2;
        var catalogue = (await (await DossierSteps.PostAsync(app, "htthu.ldld", "/api/v1/dossiers/catalogues", new { organizationCode = "I02.36", year }))
            .JsonAsync(HttpStatusCode.Created)).Str("id");
        HasForm(await XlsxAsync("htthu.ldld", $"/api/v1/dossiers/catalogues/{catalogue}/export?format=xlsx"), Catalogue);

        var tag = Guid.NewGuid().ToString("N")[..6];
        var dossier = await DossierSteps.ClosedAsync(app, "nvan.ldld", $"F{tag}", $"Hồ sơ biểu mẫu {tag}", 10, 30);
        HasForm(await XlsxAsync("nvan.ldld", $"/api/v1/dossiers/{dossier}/contents?format=xlsx"), Contents);
        var transfer = (await (await DossierSteps.PostAsync(app, "nvan.ldld", "/api/v1/archive/transfers", new { dossierIds = new[] { dossier } }))
            .JsonAsync(HttpStatusCode.Created)).Str("id");
        var rows = await XlsxAsync("htthu.ldld", $"/api/v1/archive/transfers/{transfer}/list?format=xlsx");
        HasForm(rows, HandoverList);
        Assert.Contains(rows, r => r.Any(c => c == "MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU"));
        Assert.Contains(rows, r => r.Any(c => c == "Mục lục này gồm: 1 hồ sơ (đơn vị bảo quản)."));
        Assert.Contains(rows, r => r.Any(c => c == "Viết bằng chữ: một hồ sơ (đơn vị bảo quản)."));

        // Phụ lục V V: the record's parties, its five numbered contents, the two signature headings, in the decree's order.
        var item = (await (await (await app.ClientAsAsync("htthu.ldld")).GetAsync($"/api/v1/archive/transfers/{transfer}")).JsonAsync(HttpStatusCode.OK))
            .GetProperty("items")[0].Str("id");
        (await DossierSteps.PostAsync(app, "htthu.ldld", $"/api/v1/archive/transfers/{transfer}/items/{item}/decide", new { accept = true })).EnsureSuccessStatusCode();
        (await DossierSteps.PostAsync(app, "htthu.ldld", $"/api/v1/archive/transfers/{transfer}/record")).EnsureSuccessStatusCode();
        var text = ExportReader.PdfText(await (await (await app.ClientAsAsync("htthu.ldld")).GetAsync($"/api/v1/archive/transfers/{transfer}/record")).Content.ReadAsByteArrayAsync());
        string[] order = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BIÊN BẢN", "Giao nhận hồ sơ, tài liệu",
            "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;", "Chúng tôi gồm:", "BÊN GIAO:", "Ông (bà):",
            "Chức vụ công tác:", "BÊN NHẬN: Lưu trữ cơ quan", "Thống nhất lập biên bản giao nhận tài liệu với những nội dung như sau:",
            "1. Tên khối tài liệu giao nộp:", "2. Thời gian của hồ sơ, tài liệu:", "3. Số lượng tài liệu", "- Tổng số hồ sơ:", "- Tổng số tệp tin trong hồ sơ:",
            "4. Tình trạng tài liệu giao nộp:", "5. Mục lục hồ sơ, tài liệu nộp lưu kèm theo", "ĐẠI DIỆN BÊN GIAO", "ĐẠI DIỆN BÊN NHẬN", "(Ký và ghi rõ họ và tên)",
            "MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU"];
        var at = 0;
        foreach (var part in order)
        {
            var next = text.IndexOf(part, at, StringComparison.Ordinal);
            Assert.True(next >= 0, $"\"{part}\" missing or out of the decree's order in: {text}");
            at = next + part.Length;
        }
    }
}

public sealed class Nd30FormsTestsSqlite(SqliteAppFixture f) : Nd30FormsTests(f), IClassFixture<SqliteAppFixture>;
