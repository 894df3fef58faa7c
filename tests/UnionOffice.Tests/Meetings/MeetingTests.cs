using System.Net;
using System.Text.Json;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Meetings;

/// <summary>
/// Meetings through the API on both databases (issue 19): a Ban Chấp hành conference convened by the office with members
/// of the organ and a committee member of another organ (a CommitteeMember account in the convening organ), entered into
/// the schedule, answered (one substitute, one absence with its reason), attendance and the quorum of two thirds, an open
/// and a secret vote — the secret one never says how anyone voted — and votes counted exactly once with every member voting
/// at the same moment, twice.
/// </summary>
public abstract class MeetingTests(AppFixture app)
{
    private const string Clerk = "htthu.ldld", Head = "pstoan.ldld";
    private static readonly string[] Members = ["pstoan.ldld", "ntphuong.ldld", "lvbinh.ldld", "cthanh.ldld", "nvan.ldld", "ttbich.ldld", "dvduc.ldld", "ptngoc.ldld", "tvhung.tld"];

    private async Task<HttpResponseMessage> PostAsync(string user, string url, object? body = null) =>
        await (await app.ClientAsAsync(user)).PostJsonAsync(url, body ?? new { });

    private async Task<JsonElement> GetAsync(string user, string url) =>
        await (await (await app.ClientAsAsync(user)).GetAsync(url)).JsonAsync(HttpStatusCode.OK);

    [Fact]
    public async Task ABanChapHanhConference_IsConvenedAnsweredHeld_AndItsVotesCountedExactlyOnce()
    {
        // The Confederation's chairman sits on Nghệ An's committee: a CommitteeMember account in the convening organ.
        using (var admin = await app.ClientAsAsync("nqtri.tld"))
        {
            var r = await admin.PostJsonAsync(await app.ResolveAsync("/api/v1/users/{tvhung.tld}/roles"), new { role = "CommitteeMember", organizationCode = "I02.36" });
            Assert.True(r.IsSuccessStatusCode || r.StatusCode == HttpStatusCode.Conflict, await r.Content.ReadAsStringAsync());
        }
        var day = Formats.Today(app.Clock).AddDays(3 + Random.Shared.Next(0, 60));
        var tag = Guid.NewGuid().ToString("N")[..6];
        var body = new
        {
            organizationCode = "I02.36", body = "BanChapHanh", title = $"Hội nghị Ban Chấp hành lần thứ 5 {tag}", startsAt = $"{day:yyyy-MM-dd}T08:00:00+07:00",
            endsAt = $"{day:yyyy-MM-dd}T11:30:00+07:00", place = "Hội trường tầng 2", presidingUserName = Head,
            agenda = new[] { new { title = "Báo cáo kết quả công tác năm", presenter = (string?)"Đồng chí Chủ tịch" }, new { title = "Biểu quyết nhân sự", presenter = (string?)null } },
            members = Members, guests = new[] { Clerk }, externals = new[] { new { name = "Ông Trần Văn X", organ = "Sở Nội vụ" } },
        };
        await (await PostAsync("nvan.ldld", "/api/v1/meetings", body)).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var id = (await (await PostAsync(Clerk, "/api/v1/meetings", body)).JsonAsync(HttpStatusCode.Created)).Str("id");
        // A draft is the office's: an invitee does not see it yet.
        await (await (await app.ClientAsAsync("nvan.ldld")).GetAsync($"/api/v1/meetings/{id}")).ErrorAsync(HttpStatusCode.NotFound, "MEETING_NOT_FOUND");
        (await PostAsync(Clerk, $"/api/v1/meetings/{id}/convene")).EnsureSuccessStatusCode();
        await (await PostAsync(Clerk, $"/api/v1/meetings/{id}/convene")).ErrorAsync(HttpStatusCode.Conflict, "MEETING_WRONG_STATUS");
        Assert.Contains(await app.NotificationsAsync("tvhung.tld"), n => n.Str("kind") == "meeting-invited" && n.Str("link") == $"/meetings/{id}");
        // In the organ's schedule, with who presides.
        var week = await GetAsync(Clerk, $"/api/v1/schedules/week?organizationCode=I02.36&week={day:yyyy-MM-dd}");
        Assert.Contains(week.GetProperty("events").EnumerateArray(), e => e.Str("content").Contains(tag) && e.GetProperty("presiding")[0].Str("userName") == Head);
        await (await (await app.ClientAsAsync("lthoa.tld")).GetAsync($"/api/v1/meetings/{id}")).ErrorAsync(HttpStatusCode.NotFound, "MEETING_NOT_FOUND");

        // Answers: a substitute (who attends without the vote), an absence with its reason.
        (await PostAsync("ttbich.ldld", $"/api/v1/meetings/{id}/respond", new { response = "Substitute", substituteUserName = "nvan.ldld" })).EnsureSuccessStatusCode();
        await (await PostAsync("ptngoc.ldld", $"/api/v1/meetings/{id}/respond", new { response = "Declined" })).ErrorAsync(HttpStatusCode.BadRequest, "MEETING_INVALID");
        (await PostAsync("ptngoc.ldld", $"/api/v1/meetings/{id}/respond", new { response = "Declined", note = "Đi công tác" })).EnsureSuccessStatusCode();
        foreach (var m in Members.Where(m => m is not ("ttbich.ldld" or "ptngoc.ldld")))
            (await PostAsync(m, $"/api/v1/meetings/{id}/respond", new { response = "Accepted" })).EnsureSuccessStatusCode();

        // Held: attendance; the quorum (two thirds of the nine members: six) shown as it is reached.
        (await PostAsync(Head, $"/api/v1/meetings/{id}/start")).EnsureSuccessStatusCode();
        var meeting = await GetAsync(Head, $"/api/v1/meetings/{id}");
        var invitees = meeting.GetProperty("invitees").EnumerateArray().ToList();
        string Invitee(string name) => invitees.Single(i => i.Str("name") == name).Str("id");
        Assert.Equal(9, meeting.GetProperty("quorum").GetProperty("members").GetInt32());
        Assert.Equal(6, meeting.GetProperty("quorum").GetProperty("needed").GetInt32());
        var present = new[] { "Phan Song Toàn", "Nguyễn Thị Phương", "Lê Văn Bình", "Cao Thị Hạnh", "Nguyễn Văn An", "Đặng Văn Đức" };
        foreach (var name in present.Take(5)) (await PostAsync(Clerk, $"/api/v1/meetings/{id}/attendance", new { inviteeId = Invitee(name), present = true })).EnsureSuccessStatusCode();
        Assert.False((await GetAsync(Head, $"/api/v1/meetings/{id}")).GetProperty("quorum").GetProperty("reached").GetBoolean());
        // An invitee checks himself in; nobody checks in someone else but the office and the presiding person.
        await (await PostAsync("dvduc.ldld", $"/api/v1/meetings/{id}/attendance", new { inviteeId = Invitee("Trần Văn Hùng"), present = true })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        (await PostAsync("dvduc.ldld", $"/api/v1/meetings/{id}/attendance", new { inviteeId = Invitee("Đặng Văn Đức"), present = true })).EnsureSuccessStatusCode();
        (await PostAsync("tvhung.tld", $"/api/v1/meetings/{id}/attendance", new { inviteeId = Invitee("Trần Văn Hùng"), present = true })).EnsureSuccessStatusCode();
        var quorum = (await GetAsync(Head, $"/api/v1/meetings/{id}")).GetProperty("quorum");
        Assert.Equal(7, quorum.GetProperty("present").GetInt32());
        Assert.True(quorum.GetProperty("reached").GetBoolean());

        // Requests to speak: only someone present, once while waiting; the presiding person gives the floor.
        await (await PostAsync("ptngoc.ldld", $"/api/v1/meetings/{id}/speakers", new { topic = "Ý kiến" })).ErrorAsync(HttpStatusCode.BadRequest, "MEETING_INVALID");
        var speaker = (await (await PostAsync("dvduc.ldld", $"/api/v1/meetings/{id}/speakers", new { topic = "Về chỉ tiêu phát triển đoàn viên" })).JsonAsync(HttpStatusCode.OK)).Str("id");
        await (await PostAsync("dvduc.ldld", $"/api/v1/meetings/{id}/speakers", new { topic = "Lần hai" })).ErrorAsync(HttpStatusCode.BadRequest, "MEETING_INVALID");
        await (await PostAsync("dvduc.ldld", $"/api/v1/meetings/{id}/speakers/{speaker}/spoke")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        (await PostAsync(Head, $"/api/v1/meetings/{id}/speakers/{speaker}/spoke")).EnsureSuccessStatusCode();
        Assert.True((await GetAsync(Head, $"/api/v1/meetings/{id}")).GetProperty("speakers").EnumerateArray().Single(x => x.Str("id") == speaker).GetProperty("spoke").GetBoolean());

        // An open vote: every member present votes at the same moment, twice; each is counted once.
        await (await PostAsync("nvan.ldld", $"/api/v1/meetings/{id}/votes", new { question = "Thông qua báo cáo", secret = false })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var open = (await (await PostAsync(Head, $"/api/v1/meetings/{id}/votes", new { question = "Thông qua báo cáo kết quả công tác năm", secret = false }))
            .JsonAsync(HttpStatusCode.Created)).Str("id");
        var voters = new[] { "pstoan.ldld", "ntphuong.ldld", "lvbinh.ldld", "cthanh.ldld", "nvan.ldld", "dvduc.ldld", "tvhung.tld" };
        foreach (var v in voters) await app.ClientAsAsync(v); // signed in before the race
        var choices = new Dictionary<string, string> { ["pstoan.ldld"] = "Yes", ["ntphuong.ldld"] = "Yes", ["lvbinh.ldld"] = "Yes", ["cthanh.ldld"] = "Yes", ["nvan.ldld"] = "Yes",
            ["dvduc.ldld"] = "No", ["tvhung.tld"] = "Abstain" };
        var results = await Task.WhenAll(voters.Concat(voters).Select(v => PostAsync(v, $"/api/v1/meetings/votes/{open}/ballot", new { choice = choices[v] })));
        Assert.Equal(voters.Length, results.Count(r => r.StatusCode == HttpStatusCode.NoContent));
        Assert.All(results.Where(r => r.StatusCode != HttpStatusCode.NoContent), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        // The substitute does not vote for the member he replaces, nor does an absent member or a guest.
        await (await PostAsync(Clerk, $"/api/v1/meetings/votes/{open}/ballot", new { choice = "Yes" })).ErrorAsync(HttpStatusCode.Forbidden, "VOTE_NOT_A_MEMBER");
        await (await PostAsync("ptngoc.ldld", $"/api/v1/meetings/votes/{open}/ballot", new { choice = "Yes" })).ErrorAsync(HttpStatusCode.Forbidden, "VOTE_NOT_A_MEMBER");
        (await PostAsync(Head, $"/api/v1/meetings/votes/{open}/close")).EnsureSuccessStatusCode();
        await (await PostAsync("pstoan.ldld", $"/api/v1/meetings/votes/{open}/ballot", new { choice = "Yes" })).ErrorAsync(HttpStatusCode.Conflict, "VOTE_CLOSED");
        var closed = (await GetAsync("nvan.ldld", $"/api/v1/meetings/{id}")).GetProperty("votes").EnumerateArray().Single(v => v.Str("id") == open);
        Assert.Equal((5, 1, 1), (closed.GetProperty("yes").GetInt32(), closed.GetProperty("no").GetInt32(), closed.GetProperty("abstain").GetInt32()));
        Assert.True(closed.GetProperty("passed").GetBoolean()); // 5 of 9 members: more than half of the whole committee
        Assert.Contains(closed.GetProperty("ballots").EnumerateArray(), b => b.Str("voter") == "Đặng Văn Đức" && b.Str("choice") == "Không tán thành");

        // A secret vote: who voted is kept, how never; four yes of nine members is not a majority of the committee.
        var secret = (await (await PostAsync(Head, $"/api/v1/meetings/{id}/votes", new { question = "Giới thiệu nhân sự bổ sung", secret = true }))
            .JsonAsync(HttpStatusCode.Created)).Str("id");
        var secretChoices = new[] { "Yes", "Yes", "Yes", "Yes", "No", "No", "Abstain" };
        results = await Task.WhenAll(voters.Select((v, i) => PostAsync(v, $"/api/v1/meetings/votes/{secret}/ballot", new { choice = secretChoices[i] })));
        Assert.All(results, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        (await PostAsync(Head, $"/api/v1/meetings/votes/{secret}/close")).EnsureSuccessStatusCode();
        var s = (await GetAsync(Head, $"/api/v1/meetings/{id}")).GetProperty("votes").EnumerateArray().Single(v => v.Str("id") == secret);
        Assert.Equal((4, 2, 1, 7), (s.GetProperty("yes").GetInt32(), s.GetProperty("no").GetInt32(), s.GetProperty("abstain").GetInt32(), s.GetProperty("cast").GetInt32()));
        Assert.False(s.GetProperty("passed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, s.GetProperty("ballots").ValueKind);
        // Nowhere in the database is a secret choice tied to its voter.
        var stored = await app.WithDbAsync(async db =>
            await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Ballots.Where(b => b.VoteId == Guid.Parse(secret)).Select(b => b.Choice)));
        Assert.All(stored, c => Assert.Null(c));

        (await PostAsync(Head, $"/api/v1/meetings/{id}/close")).EnsureSuccessStatusCode();
        Assert.Equal("Closed", (await GetAsync("tvhung.tld", $"/api/v1/meetings/{id}")).Str("status"));

        // Its conclusions become tasks of the organ, which the meeting lists; a meeting of another organ is no origin.
        var task = (await (await PostAsync(Head, "/api/v1/tasks", new
        {
            organizationCode = "I02.36", title = $"Triển khai nghị quyết hội nghị {tag}", deadline = Formats.Today(app.Clock).AddDays(30).ToString("yyyy-MM-dd"),
            origin = "Meeting", originId = id, targets = new[] { new { kind = "Lead", departmentCode = "VP" } },
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        Assert.Contains((await GetAsync("nvan.ldld", $"/api/v1/meetings/{id}")).GetProperty("tasks").EnumerateArray(), t => t.Str("id") == task);
        await (await PostAsync("tvhung.tld", "/api/v1/tasks", new
        {
            organizationCode = "I02", title = "Nhiệm vụ từ cuộc họp của cơ quan khác", origin = "Meeting", originId = id, targets = new[] { new { kind = "Lead", departmentCode = "VP" } },
        })).ErrorAsync(HttpStatusCode.BadRequest, "TASK_INVALID");
        Assert.Contains((await (await (await app.ClientAsAsync("tvhung.tld")).GetAsync("/api/v1/meetings")).JsonAsync(HttpStatusCode.OK)).EnumerateArray(),
            m => m.Str("id") == id && m.Str("myResponse") == "Dự");
    }

    /// <summary>
    /// Materials: PDFs only, seen by the invitees once released, the latest released version of each, marked with the
    /// reader's name on every page, downloaded only where allowed, private notes, every opening logged; nobody else sees them.
    /// </summary>
    [Fact]
    public async Task Materials_AreReleasedToTheInvitees_MarkedWithTheReadersName_AndNotDownloadedWhereForbidden()
    {
        var day = Formats.Today(app.Clock).AddDays(Random.Shared.Next(5, 300));
        var tag = Guid.NewGuid().ToString("N")[..6];
        var id = (await (await PostAsync(Clerk, "/api/v1/meetings", new
        {
            organizationCode = "I02.36", body = "ThuongTruc", title = $"Họp Thường trực {tag}", startsAt = $"{day:yyyy-MM-dd}T14:00:00+07:00", endsAt = $"{day:yyyy-MM-dd}T16:00:00+07:00",
            presidingUserName = Head, members = new[] { "nvan.ldld", "dvduc.ldld" },
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        (await PostAsync(Clerk, $"/api/v1/meetings/{id}/convene")).EnsureSuccessStatusCode();

        async Task<HttpResponseMessage> UploadAsync(string user, byte[] bytes, string name, params (string Key, string Value)[] fields)
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } };
            foreach (var (k, v) in fields) form.Add(new StringContent(v), k);
            return await (await app.ClientAsAsync(user)).PostAsync($"/api/v1/meetings/{id}/materials", form);
        }
        await (await UploadAsync(Clerk, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], "anh.png")).ErrorAsync(HttpStatusCode.UnsupportedMediaType, "MATERIAL_NOT_PDF");
        await (await UploadAsync("nvan.ldld", Outgoing.OutgoingFlowTests.DraftPdf("Dự thảo"), "du-thao.pdf")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        // A Mật material stays outside the system, as documents do; nothing of it is kept.
        var files = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.MeetingMaterials));
        var secret = await (await UploadAsync(Clerk, Outgoing.OutgoingFlowTests.DraftPdf("Phương án nhân sự"), "nhan-su.pdf", ("secrecy", "Mật")))
            .ErrorAsync((HttpStatusCode)422, "SECRET_REFUSED");
        Assert.Contains("Mật", secret.Str("message"));
        Assert.Equal(files, await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.MeetingMaterials)));
        var first = (await (await UploadAsync(Clerk, Outgoing.OutgoingFlowTests.DraftPdf($"Dự thảo nghị quyết {tag}"), "nghi-quyet.pdf", ("title", "Dự thảo nghị quyết")))
            .JsonAsync(HttpStatusCode.Created)).Str("id");

        // Not released: the invitees see nothing of it.
        using var reader = await app.ClientAsAsync("nvan.ldld");
        Assert.Empty((await (await reader.GetAsync($"/api/v1/meetings/{id}/materials")).JsonAsync(HttpStatusCode.OK)).EnumerateArray());
        await (await reader.GetAsync($"/api/v1/meetings/{id}/materials/{first}/file")).ErrorAsync(HttpStatusCode.NotFound, "MATERIAL_NOT_FOUND");
        await (await PostAsync("nvan.ldld", $"/api/v1/meetings/{id}/materials/{first}/release")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        (await PostAsync(Clerk, $"/api/v1/meetings/{id}/materials/{first}/release")).EnsureSuccessStatusCode();
        Assert.Contains(await app.NotificationsAsync("nvan.ldld"), n => n.Str("kind") == "meeting-material" && n.Str("link") == $"/meetings/{id}");

        // Released: read in the page, marked with the reader's name; not downloadable; nobody uninvited reads it.
        var listed = Assert.Single((await (await reader.GetAsync($"/api/v1/meetings/{id}/materials")).JsonAsync(HttpStatusCode.OK)).EnumerateArray());
        Assert.False(listed.GetProperty("canDownload").GetBoolean());
        var view = await reader.GetAsync($"/api/v1/meetings/{id}/materials/{first}/file");
        Assert.Equal("application/pdf", view.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", view.Headers.CacheControl?.ToString());
        var text = ExportReader.PdfText(await view.Content.ReadAsByteArrayAsync());
        Assert.Contains("Tài liệu họp – Nguyễn Văn An", text);
        Assert.Contains($"Dự thảo nghị quyết {tag}", text);
        await (await reader.GetAsync($"/api/v1/meetings/{id}/materials/{first}/file?download=true")).ErrorAsync(HttpStatusCode.Forbidden, "MATERIAL_NO_DOWNLOAD");
        await (await (await app.ClientAsAsync("lvbinh.ldld")).GetAsync($"/api/v1/meetings/{id}/materials/{first}/file")).ErrorAsync(HttpStatusCode.NotFound, "MEETING_NOT_FOUND");
        var logged = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.AuditEntries.Where(a => a.TargetId == id && a.ActorUserName == "nvan.ldld").Select(a => a.Action)));
        Assert.Contains("meeting.material.opened", logged);

        // A second version: the invitees keep the first until it is released, then see only the second.
        var second = (await (await UploadAsync(Clerk, Outgoing.OutgoingFlowTests.DraftPdf($"Dự thảo nghị quyết sửa {tag}"), "nghi-quyet-2.pdf",
            ("replaces", listed.Str("seriesId")), ("downloadable", "true"))).JsonAsync(HttpStatusCode.Created)).Str("id");
        Assert.Equal(first, Assert.Single((await (await reader.GetAsync($"/api/v1/meetings/{id}/materials")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()).Str("id"));
        (await PostAsync(Clerk, $"/api/v1/meetings/{id}/materials/{second}/release")).EnsureSuccessStatusCode();
        var now = Assert.Single((await (await reader.GetAsync($"/api/v1/meetings/{id}/materials")).JsonAsync(HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal((second, 2, true), (now.Str("id"), now.GetProperty("number").GetInt32(), now.GetProperty("canDownload").GetBoolean()));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/v1/meetings/{id}/materials/{second}/file?download=true")).StatusCode);

        // Private notes: his own, for every version; another member does not see them.
        Assert.Equal(HttpStatusCode.NoContent, (await reader.PutJsonAsync($"/api/v1/meetings/{id}/materials/{second}/note", new { text = "Góp ý điều 3" })).StatusCode);
        Assert.Equal("Góp ý điều 3", Assert.Single((await (await reader.GetAsync($"/api/v1/meetings/{id}/materials")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()).Str("myNote"));
        var other = Assert.Single((await (await (await app.ClientAsAsync("dvduc.ldld")).GetAsync($"/api/v1/meetings/{id}/materials")).JsonAsync(HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal(JsonValueKind.Null, other.GetProperty("myNote").ValueKind);
    }
}

public sealed class MeetingTestsSqlite(SqliteAppFixture f) : MeetingTests(f), IClassFixture<SqliteAppFixture>;
public sealed class MeetingTestsPostgres(PostgresAppFixture f) : MeetingTests(f), IClassFixture<PostgresAppFixture>;
