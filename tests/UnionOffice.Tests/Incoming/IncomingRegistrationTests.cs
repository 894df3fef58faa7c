using System.Net;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Incoming;

public abstract class IncomingRegistrationTests(AppFixture app)
{
    private const string Clerk = "htthu.ldld";      // Văn thư, LĐLĐ tỉnh Nghệ An
    private const string Head = "pstoan.ldld";

    private object Doc(string number, string subject = "V/v triển khai Kế hoạch chuyển đổi số năm 2026", object? extra = null)
    {
        var today = Formats.Today(app.Clock);
        var d = new Dictionary<string, object?>
        {
            ["organizationCode"] = "I02.36", ["issuerName"] = "Tổng Liên đoàn Lao động Việt Nam", ["issuerCode"] = "I02",
            ["codeNumber"] = number, ["codeNotation"] = "KH-TLĐ", ["issuedDate"] = today.AddDays(-2).ToString("yyyy-MM-dd"),
            ["typeName"] = "Kế hoạch", ["subject"] = subject, ["signerPosition"] = "Phó Chủ tịch", ["signerName"] = "Trần Thanh Hải",
            ["urgency"] = "Urgent", ["pageAmount"] = 5,
        };
        if (extra is not null)
            foreach (var p in extra.GetType().GetProperties()) d[p.Name] = p.GetValue(extra);
        return d;
    }

    [Fact]
    public async Task Clerk_Registers_AndArrivalNumbersRunOnWithoutGaps()
    {
        using var clerk = await app.ClientAsAsync(Clerk);
        var start = await LastNumberAsync();
        var first = await (await clerk.PostJsonAsync("/api/v1/incoming", Doc($"{Random.Shared.Next(100, 999)}1"))).JsonAsync(HttpStatusCode.Created);
        var second = await (await clerk.PostJsonAsync("/api/v1/incoming", Doc($"{Random.Shared.Next(100, 999)}2"))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(start + 1, first.GetProperty("arrivalNumber").GetInt64());
        Assert.Equal(start + 2, second.GetProperty("arrivalNumber").GetInt64());

        using var head = await app.ClientAsAsync(Head);
        var doc = await (await head.GetAsync($"/api/v1/incoming/{first.Str("id")}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("KH-TLĐ", doc.Str("codeNotation"));
        Assert.Equal("Urgent", doc.Str("urgency"));
        // The number reaches the audit entry and the trail, written after the document itself (PostgreSQL: by the
        // round trip that takes the number and appends the entry).
        var details = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "incoming.registered" && e.TargetId == first.Str("id"))
            .Select(e => e.Details).SingleAsync());
        Assert.Equal($"{{\"number\":{start + 1},\"year\":{first.GetProperty("year").GetInt32()}}}", details);
        var id = Guid.Parse(first.Str("id"));
        Assert.Equal($"Số đến {start + 1}", await app.WithDbAsync(db => db.IncomingTrail.Where(t => t.DocumentId == id && t.Action == "registered")
            .Select(t => t.Text).SingleAsync()));
    }

    [Fact]
    public async Task ClerksRegisteringAtTheSameMoment_NeverShareOrSkipANumber()
    {
        using var clerk = await app.ClientAsAsync(Clerk);
        var start = await LastNumberAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => clerk.PostJsonAsync("/api/v1/incoming", Doc($"C{i}"))));
        var numbers = new List<long>();
        foreach (var r in responses) numbers.Add((await r.JsonAsync(HttpStatusCode.Created)).GetProperty("arrivalNumber").GetInt64());
        Assert.Equal(Enumerable.Range(1, 30).Select(i => start + i), numbers.Order());
    }

    /// <summary>
    /// Registrations take the audit lock before the register row, after writing the document (on PostgreSQL the
    /// database chains their entries, and those of attaching files); other audited writes (logins here) append in
    /// between. The numbers stay continuous, every document carries its own, and the chain is intact.
    /// </summary>
    [Fact]
    public async Task RegistrationsAndOtherAuditedWritesAtOnce_KeepTheChainIntact()
    {
        using var clerk = await app.ClientAsAsync(Clerk);
        var start = await LastNumberAsync();
        async Task<(string Id, long Number)> RegisterAndAttachAsync(int i)
        {
            var doc = await (await clerk.PostJsonAsync("/api/v1/incoming", Doc($"A{i}"))).JsonAsync(HttpStatusCode.Created);
            if (i % 2 == 0)
            {
                var pdf = System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n%{Guid.NewGuid()}\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
                (await clerk.UploadAsync($"/api/v1/incoming/{doc.Str("id")}/files", $"a{i}.pdf", pdf)).EnsureSuccessStatusCode();
            }
            return (doc.Str("id"), doc.GetProperty("arrivalNumber").GetInt64());
        }
        var registering = Enumerable.Range(0, 24).Select(RegisterAndAttachAsync).ToList();
        var logins = Enumerable.Range(0, 12).Select(_ => app.LoginAsync("nvan.ldld")).ToList();
        await Task.WhenAll(logins);
        var registered = await Task.WhenAll(registering);
        Assert.Equal(Enumerable.Range(1, 24).Select(i => start + i), registered.Select(r => r.Number).Order());
        foreach (var (id, number) in registered)
            Assert.Equal(number, (await (await clerk.GetAsync($"/api/v1/incoming/{id}")).JsonAsync(HttpStatusCode.OK)).GetProperty("arrivalNumber").GetInt64());
        var chain = await app.WithDbAsync(db => UnionOffice.Modules.Audit.AuditChain.VerifyAsync(db, default));
        Assert.True(chain.Ok, string.Join("; ", chain.Problems));
        Assert.Equal(12, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "incoming.file.added" && registered.Select(r => r.Id).Contains(e.TargetId!))));
    }

    [Fact]
    public async Task SecretDocument_IsRefused_AndNoNumberIsUsed()
    {
        using var clerk = await app.ClientAsAsync(Clerk);
        var start = await LastNumberAsync();
        foreach (var level in new[] { "Mật", "Tối mật", "TUYỆT MẬT", "mat" })
        {
            var e = await (await clerk.PostJsonAsync("/api/v1/incoming", Doc("77", extra: new { secrecy = level })))
                .ErrorAsync(HttpStatusCode.UnprocessableEntity, "SECRET_REFUSED");
            Assert.Contains("không được đưa vào hệ thống", e.Str("message"));
        }
        Assert.Equal(start, await LastNumberAsync());
        (await clerk.PostJsonAsync("/api/v1/incoming", Doc("78", extra: new { secrecy = "Thường" }))).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task SameNumberNotationAndIssuer_IsFlagged_UntilTheClerkConfirms()
    {
        using var clerk = await app.ClientAsAsync(Clerk);
        var first = await (await clerk.PostJsonAsync("/api/v1/incoming", Doc("269"))).JsonAsync(HttpStatusCode.Created);
        var warn = await (await clerk.PostJsonAsync("/api/v1/incoming", Doc("269", "Trích yếu khác"))).ErrorAsync(HttpStatusCode.Conflict, "INCOMING_DUPLICATE");
        Assert.Contains($"số đến {first.GetProperty("arrivalNumber").GetInt64()}", warn.Str("message"));
        (await clerk.PostJsonAsync("/api/v1/incoming", Doc("269", extra: new { acknowledgeDuplicate = true }))).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task ComplaintsAndDenunciations_AreRefusedLikeSecretDocuments_ButACongVanAboutHandlingThemIsNot()
    {
        // Seed 002 Điều 5: đơn thư khiếu nại, tố cáo stay out of the system (review finding 18).
        using var clerk = await app.ClientAsAsync(Clerk);
        var start = await LastNumberAsync();
        foreach (var (type, subject) in new[]
                 {
                     ("Đơn khiếu nại", "Khiếu nại về việc xét nâng lương"), ("Đơn thư tố cáo", "Tố cáo cán bộ công đoàn cơ sở"),
                     ("ĐƠN THƯ", "Phản ánh của công nhân"), ("Công văn", "Đơn tố cáo ông Nguyễn Văn A, Chủ tịch CĐCS Công ty X"),
                     ("Công văn", "đơn thư khiếu nại, tố cáo của người lao động Công ty Y"),
                 })
        {
            var e = await (await clerk.PostJsonAsync("/api/v1/incoming", Doc("79", subject, new { typeName = type })))
                .ErrorAsync(HttpStatusCode.UnprocessableEntity, "COMPLAINT_REFUSED");
            Assert.Contains("không được đưa vào hệ thống", e.Str("message"));
        }
        Assert.Equal(start, await LastNumberAsync());
        (await clerk.PostJsonAsync("/api/v1/incoming", Doc("80", "V/v hướng dẫn công tác giải quyết khiếu nại, tố cáo năm 2027", new { typeName = "Hướng dẫn" })))
            .EnsureSuccessStatusCode();
        // Nor is one drafted to go out.
        using var officer = await app.ClientAsAsync("nvan.ldld");
        await (await officer.PostJsonAsync("/api/v1/outgoing", new
        {
            organizationCode = "I02.36", typeName = "Công văn", subject = "Đơn khiếu nại gửi Ban Thường vụ", signerUserName = Head,
        })).ErrorAsync(HttpStatusCode.UnprocessableEntity, "COMPLAINT_REFUSED");
    }

    [Fact]
    public async Task TheSameDocument_IsFlagged_WhetherItsIssuerWasGivenByCode_ByTheDirectorysName_OrByItsLongName()
    {
        // Review finding 16: 45/CV-LĐLĐ entered once with the code I02.22 and once with only the name was registered twice.
        using var clerk = await app.ClientAsAsync(Clerk);
        var n = $"{Random.Shared.Next(100, 999)}";
        object Line(string? code, string name) => Doc(n, "V/v phối hợp tổ chức Tháng Công nhân", new { issuerCode = code, issuerName = name, codeNotation = "CV-LĐLĐ" });
        var first = await (await clerk.PostJsonAsync("/api/v1/incoming", Line("I02.22", "LĐLĐ tỉnh Hà Tĩnh"))).JsonAsync(HttpStatusCode.Created);
        var number = first.GetProperty("arrivalNumber").GetInt64();
        foreach (var name in new[] { "LĐLĐ tỉnh Hà Tĩnh", "Liên đoàn Lao động tỉnh Hà Tĩnh", "liên đoàn lao động  Tỉnh Hà Tĩnh" })
        {
            var warn = await (await clerk.PostJsonAsync("/api/v1/incoming", Line(null, name))).ErrorAsync(HttpStatusCode.Conflict, "INCOMING_DUPLICATE");
            Assert.Contains($"số đến {number}", warn.Str("message"));
        }
        // The other way round: first by the long name only, then by the code.
        var m = $"{Random.Shared.Next(100, 999)}";
        object Other(string? code, string name) => Doc(m, "V/v báo cáo sơ kết", new { issuerCode = code, issuerName = name, codeNotation = "BC-LĐLĐ" });
        await (await clerk.PostJsonAsync("/api/v1/incoming", Other(null, "Liên đoàn Lao động tỉnh An Giang"))).JsonAsync(HttpStatusCode.Created);
        await (await clerk.PostJsonAsync("/api/v1/incoming", Other("I02.01", "LĐLĐ An Giang"))).ErrorAsync(HttpStatusCode.Conflict, "INCOMING_DUPLICATE");
        // Another province's document with the same number and notation is not the same document.
        await (await clerk.PostJsonAsync("/api/v1/incoming", Line("I02.36", "LĐLĐ tỉnh Nghệ An"))).JsonAsync(HttpStatusCode.Created);
        await (await clerk.PostJsonAsync("/api/v1/incoming", Line(null, "Liên đoàn Lao động tỉnh Hà Giang"))).JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task BadInput_GetsEveryProblemInVietnamese_AndSavesNothing()
    {
        using var clerk = await app.ClientAsAsync(Clerk);
        var start = await LastNumberAsync();
        var tomorrow = Formats.Today(app.Clock).AddDays(1).ToString("yyyy-MM-dd");
        var e = await (await clerk.PostJsonAsync("/api/v1/incoming", Doc("1", subject: "", extra: new { codeNotation = new string('X', 31), arrivalDate = tomorrow, pageAmount = 0 })))
            .ErrorAsync(HttpStatusCode.BadRequest, "INCOMING_INVALID");
        var m = e.Str("message");
        Assert.Contains("Trích yếu nội dung không được để trống", m);
        Assert.Contains("Ký hiệu của văn bản quá dài", m);
        Assert.Contains("Ngày đến không thể ở tương lai", m);
        Assert.Contains("Số trang phải từ 1 đến 999", m);
        Assert.Equal(start, await LastNumberAsync());
    }

    [Fact]
    public async Task AnotherOrgansIncoming_IsInvisible_AndOnlyItsClerksRegister()
    {
        using var clerk = await app.ClientAsAsync(Clerk);
        var mine = await (await clerk.PostJsonAsync("/api/v1/incoming", Doc("555"))).JsonAsync(HttpStatusCode.Created);
        using var otherClerk = await app.ClientAsAsync("lthoa.tld");
        await (await otherClerk.GetAsync($"/api/v1/incoming/{mine.Str("id")}")).ErrorAsync(HttpStatusCode.NotFound, "INCOMING_NOT_FOUND");
        await (await otherClerk.PostJsonAsync("/api/v1/incoming", Doc("556"))).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        using var officer = await app.ClientAsAsync("nvan.ldld");
        await (await officer.GetAsync($"/api/v1/incoming/{mine.Str("id")}")).ErrorAsync(HttpStatusCode.NotFound, "INCOMING_NOT_FOUND");
        using var admin = await app.ClientAsAsync("vmquan.ldld");
        await (await admin.GetAsync("/api/v1/incoming?organizationCode=I02.36")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task OrganWithIncoming_CannotBeDeleted()
    {
        using var root = await app.ClientAsAsync("nqtri.tld");
        (await root.PostJsonAsync("/api/v1/organizations", new { code = "I02.36.70", name = "LĐLĐ huyện Có Văn Bản", parentCode = "I02.36" })).EnsureSuccessStatusCode();
        // The clerk's account belongs to the province; only the clerk role sits in the district.
        var clerk = await (await root.PostJsonAsync("/api/v1/users", new
        {
            fullName = "Văn Thư Huyện", organizationCode = "I02.36", roles = new[] { new { role = "Clerk", organizationCode = "I02.36.70" } },
        })).JsonAsync(HttpStatusCode.Created);
        using (var first = await app.ClientAsAsync(clerk.Str("userName"), clerk.Str("oneTimePassword")))
            (await first.PostJsonAsync("/api/v1/me/password", new { currentPassword = clerk.Str("oneTimePassword"), newPassword = "Huyen@Moi2026" })).EnsureSuccessStatusCode();
        using var c = await app.ClientAsAsync(clerk.Str("userName"), "Huyen@Moi2026", fresh: true);
        var d = (Dictionary<string, object?>)Doc("9");
        d["organizationCode"] = "I02.36.70";
        (await c.PostJsonAsync("/api/v1/incoming", d)).EnsureSuccessStatusCode();

        // With the role gone, only the registered document holds the organ.
        var user = await (await root.GetAsync($"/api/v1/users/{clerk.Str("id")}")).JsonAsync(HttpStatusCode.OK);
        var role = user.GetProperty("roles").EnumerateArray().Single().Str("id");
        Assert.Equal(HttpStatusCode.NoContent, (await root.DeleteAsync($"/api/v1/users/{clerk.Str("id")}/roles/{role}")).StatusCode);
        var e = await (await root.DeleteAsync("/api/v1/organizations/I02.36.70")).ErrorAsync(HttpStatusCode.Conflict, "ORG_IN_USE");
        Assert.Contains("đã có văn bản đến", e.Str("message"));
    }

    [Fact]
    public async Task NewYear_StartsANewRegisterAtNumberOne()
    {
        using var clerk = await app.ClientAsAsync(Clerk);
        (await clerk.PostJsonAsync("/api/v1/incoming", Doc("100"))).EnsureSuccessStatusCode();
        var now = app.Clock.GetUtcNow().ToOffset(Formats.VietnamOffset);
        var newYear = new DateTimeOffset(now.Year + 1, 1, 1, 7, 30, 0, Formats.VietnamOffset);
        app.Clock.Advance(newYear - now);
        using var again = await app.ClientAsAsync(Clerk, fresh: true);
        var first = await (await again.PostJsonAsync("/api/v1/incoming", Doc("1"))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, first.GetProperty("arrivalNumber").GetInt64());
        Assert.Equal(newYear.Year, first.GetProperty("year").GetInt32());
        var registers = await (await again.GetAsync("/api/v1/incoming/registers?organizationCode=I02.36")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, registers.GetArrayLength());
    }

    private Task<long> LastNumberAsync() => app.WithDbAsync(async db =>
    {
        var year = Formats.Today(app.Clock).Year;
        return await db.IncomingRegisters.Where(r => r.Year == year && db.Organizations.Any(o => o.Id == r.OrganizationId && o.Code == "I02.36"))
            .Select(r => (long?)r.LastNumber).FirstOrDefaultAsync() ?? 0;
    });
}

public sealed class IncomingRegistrationTestsSqlite(SqliteAppFixture f) : IncomingRegistrationTests(f), IClassFixture<SqliteAppFixture>;
public sealed class IncomingRegistrationTestsPostgres(PostgresAppFixture f) : IncomingRegistrationTests(f), IClassFixture<PostgresAppFixture>;
