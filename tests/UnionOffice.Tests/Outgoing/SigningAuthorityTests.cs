using System.Net;
using System.Text.Json;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Outgoing;

/// <summary>
/// Who signs, and how the signature says so (NĐ30 Điều 13, Phụ lục I): the head; a delegate of the head's role "KT.";
/// the head of a unit given thừa lệnh "TL." or thừa ủy quyền "TUQ." for named types — who signs only those, gains no
/// other power of the head, and loses the signing when the delegation is revoked.
/// </summary>
public abstract class SigningAuthorityTests(AppFixture app)
{
    private const string Pin = OutgoingFlowTests.Pin;
    private static string Day(int days) => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)).AddDays(days).ToString("yyyy-MM-dd");

    private async Task<string> DelegateAsync(string to, string kind, params string[] types)
    {
        using var head = await app.ClientAsAsync("pstoan.ldld");
        var d = await (await head.PostJsonAsync("/api/v1/delegations", new
        {
            toUserName = to, organizationCode = "I02.36", role = "Head", kind, documentTypes = types, startDate = Day(0), endDate = Day(30), reason = "Quyết định giao ký số 15/QĐ-LĐLĐ",
        })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("Approved", d.Str("status"));
        return d.Str("id");
    }

    private async Task RevokeAsync(string delegationId)
    {
        using var head = await app.ClientAsAsync("pstoan.ldld");
        (await head.PostJsonAsync($"/api/v1/delegations/{delegationId}/revoke")).EnsureSuccessStatusCode();
    }

    /// <summary>The officers and department heads of two departments of Nghệ An: Văn phòng, Ban Chính sách – Pháp luật.</summary>
    private static (string Officer, string Head) Department(bool policy) => policy ? ("dvduc.ldld", "cthanh.ldld") : ("nvan.ldld", "lvbinh.ldld");

    private async Task<HttpResponseMessage> DraftAsync(string typeName, string signer, bool policy = false, string? collective = null)
    {
        using var officer = await app.ClientAsAsync(Department(policy).Officer);
        return await officer.PostJsonAsync("/api/v1/outgoing", new
        {
            organizationCode = "I02.36", typeName, subject = $"V/v {typeName.ToLowerInvariant()} ký bởi {signer}", urgency = "Normal", signerUserName = signer,
            collective, recipients = new[] { new { organizationCode = "I02" } },
        });
    }

    /// <summary>
    /// Drafts with a file in the Văn phòng (or, <paramref name="policy"/>, in Ban Chính sách – Pháp luật) and takes it
    /// through both reviews, to the signer.
    /// </summary>
    private async Task<string> ToSignatureAsync(string typeName, string signer, bool policy = false, string? collective = null)
    {
        var id = (await (await DraftAsync(typeName, signer, policy, collective)).JsonAsync(HttpStatusCode.Created)).Str("id");
        using var officer = await app.ClientAsAsync(Department(policy).Officer);
        (await officer.UploadAsync($"/api/v1/outgoing/{id}/versions", "du-thao.pdf", OutgoingFlowTests.DraftPdf("Dự thảo ký theo ủy quyền"))).EnsureSuccessStatusCode();
        (await officer.PostJsonAsync($"/api/v1/outgoing/{id}/submit")).EnsureSuccessStatusCode();
        using var dh = await app.ClientAsAsync(Department(policy).Head);
        (await dh.PostJsonAsync($"/api/v1/outgoing/{id}/approve")).EnsureSuccessStatusCode();
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/approve")).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>Signs as <paramref name="user"/> with the PIN, then reads the document and its PDF's text.</summary>
    private async Task<(JsonElement Doc, string Text)> SignAsAsync(string user, string id)
    {
        using var signer = await app.ClientAsAsync(user);
        (await signer.PostJsonAsync($"/api/v1/outgoing/{id}/sign", new { pin = Pin })).EnsureSuccessStatusCode();
        return await SignedAsync(signer, id);
    }

    private static async Task<(JsonElement Doc, string Text)> SignedAsync(HttpClient signer, string id)
    {
        var doc = await (await signer.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Signed", doc.Str("status"));
        var file = await (await signer.GetAsync($"/api/v1/outgoing/{id}/file")).Content.ReadAsByteArrayAsync();
        return (doc, await Pdfsig.TextAsync(file));
    }

    [Fact]
    public async Task ThuaLenh_TheUnitHeadSignsOnlyTheTypesGiven_TLBeforeTheHeadsTitle_WithNoOtherPowerOfTheHead()
    {
        var delegation = await DelegateAsync("lvbinh.ldld", "SignByOrder", "Công văn", "Thông báo");
        try
        {
            // A type the delegation does not name cannot be drafted for him to sign.
            await (await DraftAsync("Quyết định", "lvbinh.ldld")).ErrorAsync(HttpStatusCode.BadRequest, "SIGNER_INVALID");
            var id = await ToSignatureAsync("Công văn", "lvbinh.ldld");
            using var binh = await app.ClientAsAsync("lvbinh.ldld");
            Assert.Contains((await (await binh.GetAsync("/api/v1/outgoing?organizationCode=I02.36&view=to-sign")).JsonAsync(HttpStatusCode.OK)).EnumerateArray(), d => d.Str("id") == id);
            // The head is not the named signer; the head's own signing does not pass through to this document.
            using var head = await app.ClientAsAsync("pstoan.ldld");
            await (await head.PostJsonAsync($"/api/v1/outgoing/{id}/sign", new { pin = Pin })).ErrorAsync(HttpStatusCode.Forbidden, "NOT_THE_SIGNER");
            (await binh.PostJsonAsync($"/api/v1/outgoing/{id}/sign", new { pin = Pin })).EnsureSuccessStatusCode();
            var (doc, text) = await SignedAsync(binh, id);
            Assert.Equal("TL. CHỦ TỊCH", doc.Str("signerAuthority"));
            Assert.Contains("TL. CHỦ TỊCH", text);
            Assert.Contains("CHÁNH VĂN PHÒNG", text.ToUpperInvariant());
            Assert.Contains("Lê Văn Bình", text);
            Assert.Contains(doc.GetProperty("trail").EnumerateArray(), t => t.Str("action") == "signed");

            // Thừa lệnh passes the signing, not the head's role: the outgoing register stays closed to him.
            await (await binh.GetAsync($"/api/v1/outgoing/register?organizationCode=I02.36&year={DateTime.UtcNow.Year}")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");

            // Revoked: a document already waiting for him can no longer be signed by him.
            var next = await ToSignatureAsync("Thông báo", "lvbinh.ldld");
            await RevokeAsync(delegation);
            delegation = "";
            await (await binh.PostJsonAsync($"/api/v1/outgoing/{next}/sign", new { pin = Pin })).ErrorAsync(HttpStatusCode.Forbidden, "NOT_THE_SIGNER");
            Assert.Equal("AwaitingSignature", (await (await binh.GetAsync($"/api/v1/outgoing/{next}")).JsonAsync(HttpStatusCode.OK)).Str("status"));
        }
        finally
        {
            if (delegation.Length > 0) await RevokeAsync(delegation);
        }
    }

    [Fact]
    public async Task ThuaUyQuyen_SignsTUQ_AndKyThay_SignsKTForTheHead_WithTheirOwnTitleUnderneath()
    {
        var tuq = await DelegateAsync("cthanh.ldld", "SignByAuthorisation", "Kế hoạch");
        try
        {
            var id = await ToSignatureAsync("Kế hoạch", "cthanh.ldld");
            using var hanh = await app.ClientAsAsync("cthanh.ldld");
            (await hanh.PostJsonAsync($"/api/v1/outgoing/{id}/sign", new { pin = Pin })).EnsureSuccessStatusCode();
            var (doc, text) = await SignedAsync(hanh, id);
            Assert.Equal("TUQ. CHỦ TỊCH", doc.Str("signerAuthority"));
            Assert.Contains("TUQ. CHỦ TỊCH", text);
            Assert.Contains("TRƯỞNG BAN CHÍNH SÁCH", text.ToUpperInvariant());
        }
        finally
        {
            await RevokeAsync(tuq);
        }

        // Ký thay: the head hands the role for a while; the document names the head as signer, the deputy signs KT.
        var kt = await DelegateAsync("cthanh.ldld", "Role");
        try
        {
            var id = await ToSignatureAsync("Công văn", "pstoan.ldld");
            using var hanh = await app.ClientAsAsync("cthanh.ldld");
            (await hanh.PostJsonAsync($"/api/v1/outgoing/{id}/sign", new { pin = Pin })).EnsureSuccessStatusCode();
            var (doc, text) = await SignedAsync(hanh, id);
            Assert.Equal("KT. CHỦ TỊCH", doc.Str("signerAuthority"));
            Assert.Contains("KT. CHỦ TỊCH", text);
            Assert.Contains("Cao Thị Hạnh", text);
        }
        finally
        {
            await RevokeAsync(kt);
        }
    }

    [Fact]
    public async Task ADeputy_SignsKTForTheHead_InTheFieldsAssignedToThem_Standing_WithoutADatedDelegation()
    {
        // Review finding 15, NĐ30 Điều 13: Phó Chủ tịch Nguyễn Thị Phương is assigned the field of Ban Chính sách – Pháp luật.
        const string deputy = "ntphuong.ldld";
        using (var head = await app.ClientAsAsync("pstoan.ldld"))
            Assert.DoesNotContain((await (await head.GetAsync("/api/v1/delegations")).JsonAsync(HttpStatusCode.OK)).EnumerateArray(), d => d.Str("toUserName") == deputy);
        var id = await ToSignatureAsync("Công văn", deputy, policy: true);
        using var phuong = await app.ClientAsAsync(deputy);
        Assert.Contains((await (await phuong.GetAsync("/api/v1/outgoing?organizationCode=I02.36&view=to-sign")).JsonAsync(HttpStatusCode.OK)).EnumerateArray(), d => d.Str("id") == id);
        var (doc, text) = await SignAsAsync(deputy, id);
        Assert.Equal("KT. CHỦ TỊCH", doc.Str("signerAuthority"));
        Assert.Equal("Phó Chủ tịch", doc.Str("signerPosition"));
        Assert.Contains("KT. CHỦ TỊCH", text);
        Assert.Contains("PHÓ CHỦ TỊCH", text);
        Assert.Contains("Nguyễn Thị Phương", text);

        // Outside her fields (a draft of the Văn phòng) she cannot be named signer, and says why.
        using var vp = await app.ClientAsAsync("nvan.ldld");
        var outside = await (await vp.PostJsonAsync("/api/v1/outgoing", new
        {
            organizationCode = "I02.36", typeName = "Công văn", subject = "V/v công việc của Văn phòng", signerUserName = deputy,
        })).ErrorAsync(HttpStatusCode.BadRequest, "SIGNER_OUTSIDE_FIELD");
        Assert.Contains("Ban Chính sách – Pháp luật", outside.Str("message"));
        // Nor sign — nor even see — a Văn phòng draft named for the head: her field is not the head's role.
        var headsDraft = await ToSignatureAsync("Công văn", "pstoan.ldld");
        await (await phuong.PostJsonAsync($"/api/v1/outgoing/{headsDraft}/sign", new { pin = Pin })).ErrorAsync(HttpStatusCode.NotFound, "OUTGOING_NOT_FOUND");
    }

    [Fact]
    public async Task TM_TheDraftNamesTheCollectiveBody_AboveTheSignersOwnTitle_ForTheHeadOrADeputy_NeverUnderThuaLenh()
    {
        // Seed 002 is signed "TM. BAN THƯỜNG VỤ / PHÓ CHỦ TỊCH THƯỜNG TRỰC": the deputy signs for the body, no KT.
        var id = await ToSignatureAsync("Nghị quyết", "ntphuong.ldld", policy: true, collective: "Ban Thường vụ");
        using var phuong = await app.ClientAsAsync("ntphuong.ldld");
        Assert.Equal("Ban Thường vụ", (await (await phuong.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK)).Str("collective"));
        var (doc, text) = await SignAsAsync("ntphuong.ldld", id);
        Assert.Equal("TM. BAN THƯỜNG VỤ", doc.Str("signerAuthority"));
        Assert.Contains("TM. BAN THƯỜNG VỤ", text);
        Assert.Contains("PHÓ CHỦ TỊCH", text);
        Assert.DoesNotContain("KT.", text);

        // The head: "TM. BAN CHẤP HÀNH / CHỦ TỊCH".
        var byHead = await ToSignatureAsync("Nghị quyết", "pstoan.ldld", policy: true, collective: "ban chấp hành");
        var (headDoc, headText) = await SignAsAsync("pstoan.ldld", byHead);
        Assert.Equal("TM. BAN CHẤP HÀNH", headDoc.Str("signerAuthority"));
        Assert.Contains("TM. BAN CHẤP HÀNH", headText);
        Assert.Contains("CHỦ TỊCH", headText);

        // A body outside the list, and a unit head under thừa lệnh signing for the body, are refused on the draft.
        using var officer = await app.ClientAsAsync("nvan.ldld");
        var unknown = await (await officer.PostJsonAsync("/api/v1/outgoing", new
        {
            organizationCode = "I02.36", typeName = "Công văn", subject = "V/v thử tập thể lạ", signerUserName = "pstoan.ldld", collective = "Hội đồng quản trị",
        })).ErrorAsync(HttpStatusCode.BadRequest, "OUTGOING_INVALID");
        Assert.Contains("Hội đồng quản trị", unknown.Str("message"));
        var tl = await DelegateAsync("lvbinh.ldld", "SignByOrder", "Công văn");
        try
        {
            var refused = await (await officer.PostJsonAsync("/api/v1/outgoing", new
            {
                organizationCode = "I02.36", typeName = "Công văn", subject = "V/v thừa lệnh thay mặt tập thể", signerUserName = "lvbinh.ldld", collective = "Ban Thường vụ",
            })).ErrorAsync(HttpStatusCode.BadRequest, "SIGNER_INVALID");
            Assert.Contains("thay mặt", refused.Str("message"));
        }
        finally
        {
            await RevokeAsync(tl);
        }
    }

    [Fact]
    public async Task SigningDelegations_NeedAHeadGivingTypesToAUnitHead_ElseAClearRefusal()
    {
        using var head = await app.ClientAsAsync("pstoan.ldld");
        object Body(string to, string kind, string role, string[] types) =>
            new { toUserName = to, organizationCode = "I02.36", role, kind, documentTypes = types, startDate = Day(0), endDate = Day(5) };
        // To an officer, not the head of a unit.
        await (await head.PostJsonAsync("/api/v1/delegations", Body("nvan.ldld", "SignByOrder", "Head", ["Công văn"]))).ErrorAsync(HttpStatusCode.BadRequest, "DELEGATION_SIGNING_DELEGATE");
        // Without the types, or with one outside the catalogue.
        await (await head.PostJsonAsync("/api/v1/delegations", Body("lvbinh.ldld", "SignByAuthorisation", "Head", []))).ErrorAsync(HttpStatusCode.BadRequest, "DELEGATION_SIGNING_TYPES");
        var unknown = await (await head.PostJsonAsync("/api/v1/delegations", Body("lvbinh.ldld", "SignByOrder", "Head", ["Thư mời tiệc"]))).ErrorAsync(HttpStatusCode.BadRequest, "DELEGATION_SIGNING_TYPES");
        Assert.Contains("Thư mời tiệc", unknown.Str("message"));
        await (await head.PostJsonAsync("/api/v1/delegations", Body("lvbinh.ldld", "7", "Head", ["Công văn"]))).ErrorAsync(HttpStatusCode.BadRequest, "DELEGATION_KIND");
        // Only a head gives thừa lệnh: a department head cannot hand his own role "TL.".
        using var dh = await app.ClientAsAsync("cthanh.ldld");
        await (await dh.PostJsonAsync("/api/v1/delegations", Body("lvbinh.ldld", "SignByOrder", "DepartmentHead", ["Công văn"]))).ErrorAsync(HttpStatusCode.BadRequest, "DELEGATION_SIGNING_ROLE");
        // Nothing was recorded by the refusals.
        var listed = (await (await head.GetAsync("/api/v1/delegations")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()
            .Where(d => d.Str("kind") != "Role" && d.Str("status") is "Approved" or "Pending" && d.Str("endDate") == Day(5)).ToList();
        Assert.Empty(listed);
    }
}

public sealed class SigningAuthorityTestsSqlite(SqliteAppFixture f) : SigningAuthorityTests(f), IClassFixture<SqliteAppFixture>;
public sealed class SigningAuthorityTestsPostgres(PostgresAppFixture f) : SigningAuthorityTests(f), IClassFixture<PostgresAppFixture>;
