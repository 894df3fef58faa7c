using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Incoming;

/// <summary>
/// <c>POST /api/v1/incoming/with-files</c>: a document registered with its files in one transaction. A refused
/// registration (secret, no file, not JSON, wrong person) stores nothing and uses no number.
/// </summary>
public abstract class RegisterWithFilesTests(AppFixture app)
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    internal static MultipartFormDataContent Form(object? document, params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        if (document is not null) form.Add(new StringContent(document as string ?? JsonSerializer.Serialize(document), Encoding.UTF8, "application/json"), "document");
        foreach (var (name, bytes) in files) form.Add(new ByteArrayContent(bytes), "files", name);
        return form;
    }

    internal static object Doc(string organizationCode, string subject, string? secrecy = null, DateOnly? today = null) => new
    {
        organizationCode, issuerName = "LĐLĐ huyện Nghi Lộc", codeNumber = $"{Random.Shared.Next(10000, 99999)}", codeNotation = "LĐLĐ",
        issuedDate = (today ?? DateOnly.FromDateTime(DateTime.UtcNow)).ToString("yyyy-MM-dd"), typeName = "Báo cáo", subject, urgency = "Urgent", secrecy,
    };

    private Task<long> LastNumberAsync() => app.WithDbAsync(db => (from r in db.IncomingRegisters
                                                                    join o in db.Organizations on r.OrganizationId equals o.Id
                                                                    where o.Code == "I02.36"
                                                                    select r.LastNumber).SingleOrDefaultAsync());

    private List<string> Stored() => Directory.Exists(app.StorageRoot)
        ? Directory.EnumerateFiles(app.StorageRoot, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList() : [];

    [Fact]
    public async Task Clerk_RegistersWithTwoFiles_OneNumber_FilesTrailAndAuditTogether()
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var annex = Pdf.Concat(Encoding.ASCII.GetBytes($"% phụ lục {Guid.NewGuid()}\n")).ToArray();
        var pdf = Pdf.Concat(Encoding.ASCII.GetBytes($"% {Guid.NewGuid()}\n")).ToArray();
        var before = await LastNumberAsync();
        var done = await (await clerk.PostAsync("/api/v1/incoming/with-files",
            Form(Doc("I02.36", "Báo cáo kết quả chuyển đổi số quý IV", today: Formats.Today(app.Clock)), ("bao-cao.pdf", pdf), ("phu-luc.pdf", annex)))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(before + 1, done.GetProperty("arrivalNumber").GetInt64());
        var id = done.Str("id");
        Assert.Equal(["bao-cao.pdf", "phu-luc.pdf"], done.GetProperty("files").EnumerateArray().Select(f => f.Str("fileName")).Order().ToList());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), done.GetProperty("files").EnumerateArray().Single(f => f.Str("fileName") == "bao-cao.pdf").Str("sha256"));

        var listed = await (await clerk.GetAsync($"/api/v1/incoming/{id}/files")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, listed.GetArrayLength());
        var trail = (await (await clerk.GetAsync($"/api/v1/incoming/{id}/trail")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(t => t.Str("action")).ToList();
        Assert.Single(trail, a => a == "registered");
        Assert.Equal(2, trail.Count(a => a == "file-added"));
        var actions = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.TargetId == id).OrderBy(e => e.Sequence).Select(e => new { e.Action, e.Details }).ToListAsync());
        Assert.Equal(["incoming.registered", "incoming.file.added", "incoming.file.added"], actions.Select(a => a.Action)); // in the order it happened
        Assert.Contains($"\"number\":{done.GetProperty("arrivalNumber").GetInt64()}", actions[0].Details);
        using var admin = await app.ClientAsAsync("nqtri.tld");
        Assert.True((await (await admin.GetAsync("/api/v1/audit/verify")).JsonAsync(HttpStatusCode.OK)).GetProperty("ok").GetBoolean());
    }

    /// <summary>
    /// The rows a registration adds are keyed by time-ordered ids (UUID version 7, ADR 0012): a new row goes at the end of
    /// its indexes instead of at a random page of them. The id begins with the instant it was made (Unix milliseconds), so
    /// two registrations one after the other are in that order (within one millisecond the rest of a version 7 id is
    /// random, hence "not after").
    /// </summary>
    [Fact]
    public async Task TheRowsOfARegistration_HaveTimeOrderedIds()
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var ids = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            var pdf = Pdf.Concat(Encoding.ASCII.GetBytes($"% {Guid.NewGuid()}\n")).ToArray();
            var done = await (await clerk.PostAsync("/api/v1/incoming/with-files",
                Form(Doc("I02.36", $"Kế hoạch tháng công nhân lần {i}", today: Formats.Today(app.Clock)), ("ke-hoach.pdf", pdf)))).JsonAsync(HttpStatusCode.Created);
            ids.Add(Guid.Parse(done.Str("id")));
            Assert.Equal(7, Guid.Parse(done.GetProperty("files")[0].Str("id")).Version);
        }
        Assert.All(ids, id => Assert.Equal(7, id.Version));
        static DateTimeOffset MadeAt(Guid id) => DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(id.ToString("N")[..12], 16));
        Assert.True(MadeAt(ids[0]) <= MadeAt(ids[1]), $"{ids[0]} then {ids[1]}");
        Assert.InRange(MadeAt(ids[1]), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow);
        var trail = await app.WithDbAsync(db => db.IncomingTrail.Where(t => ids.Contains(t.DocumentId)).Select(t => t.Id).ToListAsync());
        Assert.Equal(4, trail.Count);
        Assert.All(trail, id => Assert.Equal(7, id.Version));
    }

    [Fact]
    public async Task Refusals_StoreNothing_AndUseNoNumber()
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var before = await LastNumberAsync();
        var stored = Stored();
        var unique = Pdf.Concat(Encoding.ASCII.GetBytes($"% {Guid.NewGuid()}\n")).ToArray();

        var e = await (await clerk.PostAsync("/api/v1/incoming/with-files", Form(Doc("I02.36", "Văn bản mật", "Mật"), ("mat.pdf", unique))))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity, "SECRET_REFUSED");
        Assert.Contains("không được đưa vào hệ thống", e.Str("message"));
        e = await (await clerk.PostAsync("/api/v1/incoming/with-files", Form(Doc("I02.36", "Không có tệp")))).ErrorAsync(HttpStatusCode.BadRequest, "FILE_MISSING");
        Assert.Equal("Chưa chọn tệp.", e.Str("message"));
        e = await (await clerk.PostAsync("/api/v1/incoming/with-files", Form("{ không phải json", ("a.pdf", unique)))).ErrorAsync(HttpStatusCode.BadRequest, "INCOMING_INVALID");
        Assert.Contains("JSON", e.Str("message"));
        await (await clerk.PostAsync("/api/v1/incoming/with-files", Form(null, ("a.pdf", unique)))).ErrorAsync(HttpStatusCode.BadRequest, "INCOMING_INVALID");
        await (await clerk.PostJsonAsync("/api/v1/incoming/with-files", Doc("I02.36", "Không phải multipart"))).ErrorAsync(HttpStatusCode.BadRequest, "FILE_MISSING");

        Assert.Equal(before, await LastNumberAsync());
        Assert.Equal(stored, Stored());
        Assert.False(await app.WithDbAsync(db => db.IncomingDocuments.AnyAsync(d => d.Subject == "Văn bản mật" || d.Subject == "Không có tệp")));
    }

    [Fact]
    public async Task WrongRole_WrongOrgan_AndNoToken_AreRefused_BeforeAnythingIsStored()
    {
        var before = await LastNumberAsync();
        var stored = Stored();
        var unique = Pdf.Concat(Encoding.ASCII.GetBytes($"% {Guid.NewGuid()}\n")).ToArray();
        foreach (var user in new[] { "nvan.ldld", "pstoan.ldld", "vmquan.ldld", "lthoa.tld" }) // officer, head, admin of the organ; another organ's clerk
        {
            using var c = await app.ClientAsAsync(user);
            await (await c.PostAsync("/api/v1/incoming/with-files", Form(Doc("I02.36", "Không được phép"), ("a.pdf", unique)))).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        }
        using var anon = app.NewClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.PostAsync("/api/v1/incoming/with-files", Form(Doc("I02.36", "Không được phép"), ("a.pdf", unique)))).StatusCode);
        Assert.Equal(before, await LastNumberAsync());
        Assert.Equal(stored, Stored());
    }
}

public sealed class RegisterWithFilesTestsSqlite(SqliteAppFixture f) : RegisterWithFilesTests(f), IClassFixture<SqliteAppFixture>;
public sealed class RegisterWithFilesTestsPostgres(PostgresAppFixture f) : RegisterWithFilesTests(f), IClassFixture<PostgresAppFixture>;
