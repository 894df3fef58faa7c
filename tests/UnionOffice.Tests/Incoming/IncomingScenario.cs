using System.Net;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Incoming;

/// <summary>
/// Three documents registered in Nghệ An through the API: a report request directed to Văn phòng (lead) and Ban CSPL
/// (co-handler) with Trần Thị Bích for information, forwarded by the head of Văn phòng to Nguyễn Văn An, who writes an
/// opinion and finishes it; a plan directed to Nguyễn Văn An in person; an invitation left registered.
/// </summary>
public sealed record IncomingScenario(IncomingScenario.Doc Report, IncomingScenario.Doc Plan, IncomingScenario.Doc Invitation)
{
    public const string ReportSubject = "V/v báo cáo tình hình lao động, việc làm và đời sống đoàn viên quý IV";
    public const string PlanSubject = "Tổ chức Tháng Công nhân và Tháng hành động về an toàn, vệ sinh lao động";
    public const string InvitationSubject = "Mời dự Hội nghị biểu dương điển hình tiên tiến tại Đà Nẵng";
    public const string Direction = "Giao Văn phòng chủ trì, Ban Chính sách – Pháp luật phối hợp tham mưu báo cáo; đồng chí Bích theo dõi.";
    public const string Opinion = "Đề xuất tổng hợp số liệu từ các công đoàn cơ sở trước khi trình.";
    public const string Result = "Đã trình dự thảo báo cáo số liệu quý IV.";

    public sealed record Doc(string Id, long Number, string Notation);

    public string[] Notations => [Report.Notation, Plan.Notation, Invitation.Notation];

    public static async Task<IncomingScenario> RunAsync(AppFixture app)
    {
        string Iso(int n) => Formats.Today(app.Clock).AddDays(n).ToString("yyyy-MM-dd");
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        async Task<Doc> RegisterAsync(string issuer, string notation, string type, string subject, string urgency, string? description)
        {
            var number = Random.Shared.Next(100, 99999).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var r = await (await clerk.PostJsonAsync("/api/v1/incoming", new
            {
                organizationCode = "I02.36", issuerName = issuer, codeNumber = number, codeNotation = notation, issuedDate = Iso(-1),
                typeName = type, subject, urgency, description,
            })).JsonAsync(HttpStatusCode.Created);
            return new Doc(r.Str("id"), r.GetProperty("arrivalNumber").GetInt64(), $"{number}/{notation}");
        }
        var report = await RegisterAsync("Bộ Lao động – Thương binh và Xã hội", "BLĐTBXH-LĐTL", "Công văn", ReportSubject, "Urgent", "Bản chính gửi kèm phụ lục số liệu");
        var plan = await RegisterAsync("Tổng Liên đoàn Lao động Việt Nam", "KH-TLĐ", "Kế hoạch", PlanSubject, "Normal", null);
        var invitation = await RegisterAsync("LĐLĐ thành phố Đà Nẵng", "GM-LĐLĐ", "Giấy mời", InvitationSubject, "Normal", null);

        using var head = await app.ClientAsAsync("pstoan.ldld");
        (await head.PostJsonAsync($"/api/v1/incoming/{report.Id}/direct", new
        {
            direction = Direction, deadline = Iso(5),
            targets = new object[]
            {
                new { kind = "Lead", departmentCode = "VP" }, new { kind = "CoHandler", departmentCode = "CSPL" },
                new { kind = "ForInformation", userName = "ttbich.ldld" },
            },
        })).EnsureSuccessStatusCode();
        (await head.PostJsonAsync($"/api/v1/incoming/{plan.Id}/direct", new
        {
            direction = "Đồng chí An nghiên cứu, tham mưu kế hoạch triển khai.", deadline = Iso(10),
            targets = new object[] { new { kind = "Lead", userName = "nvan.ldld" } },
        })).EnsureSuccessStatusCode();

        using var departmentHead = await app.ClientAsAsync("lvbinh.ldld");
        var work = await AssignmentAsync(departmentHead, report.Id);
        (await departmentHead.PostJsonAsync($"/api/v1/incoming/assignments/{work}/forward", new { userName = "nvan.ldld", deadline = Iso(3) })).EnsureSuccessStatusCode();
        using var officer = await app.ClientAsAsync("nvan.ldld");
        var mine = await AssignmentAsync(officer, report.Id);
        (await officer.PostJsonAsync($"/api/v1/incoming/assignments/{mine}/opinion", new { text = Opinion })).EnsureSuccessStatusCode();
        (await officer.PostJsonAsync($"/api/v1/incoming/assignments/{mine}/complete", new { text = Result })).EnsureSuccessStatusCode();
        return new IncomingScenario(report, plan, invitation);
    }

    private static async Task<string> AssignmentAsync(HttpClient c, string documentId) =>
        (await (await c.GetAsync("/api/v1/incoming/inbox?view=to-handle&take=200")).JsonAsync(HttpStatusCode.OK))
            .EnumerateArray().Single(d => d.Str("id") == documentId).Str("assignmentId");
}
