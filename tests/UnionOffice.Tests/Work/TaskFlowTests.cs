using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Work;

/// <summary>
/// Tasks through the API on both databases (Nghệ An): the head gives a task to Văn phòng (lead) and Ban CSPL (co-handler),
/// Trần Thị Bích for information; the head of Văn phòng passes it down to Nguyễn Văn An, evaluates his work (returns it,
/// then accepts it) and reports the department's task up; the head accepts. Extensions, chasing, reassigning, cancelling,
/// and who is refused.
/// </summary>
public abstract class TaskFlowTests(AppFixture app)
{
    private const string Head = "pstoan.ldld", VpHead = "lvbinh.ldld", CsplHead = "cthanh.ldld", Officer = "nvan.ldld", Reader = "ttbich.ldld";

    private string Day(int n) => Formats.Today(app.Clock).AddDays(n).ToString("yyyy-MM-dd");

    private async Task<string> GiveAsync(string by, object body) =>
        (await (await (await app.ClientAsAsync(by)).PostJsonAsync("/api/v1/tasks", body)).JsonAsync(HttpStatusCode.Created)).Str("id");

    private Task<string> GiveToDepartmentsAsync(string title, int deadlineDays = 10) => GiveAsync(Head, new
    {
        organizationCode = "I02.36", title, description = "Tổng hợp số liệu từ các công đoàn cơ sở, dự thảo báo cáo trình Thường trực.",
        priority = "High", deadline = Day(deadlineDays), origin = "Meeting", originNote = "Kết luận giao ban tháng 12",
        targets = new object[]
        {
            new { kind = "Lead", departmentCode = "VP" }, new { kind = "CoHandler", departmentCode = "CSPL" },
            new { kind = "ForInformation", userName = Reader },
        },
    });

    private async Task<JsonElement> TaskAsync(string user, string id) =>
        await (await (await app.ClientAsAsync(user)).GetAsync($"/api/v1/tasks/{id}")).JsonAsync(HttpStatusCode.OK);

    private async Task<List<string>> ListAsync(string user, string view) =>
        (await (await (await app.ClientAsAsync(user)).GetAsync($"/api/v1/tasks?view={view}&take=200")).JsonAsync(HttpStatusCode.OK))
            .EnumerateArray().Select(t => t.Str("id")).ToList();

    private async Task<HttpResponseMessage> PostAsync(string user, string url, object? body = null) =>
        await (await app.ClientAsAsync(user)).PostJsonAsync(url, body ?? new { });

    private Task<List<JsonElement>> NotificationsAsync(string user) => app.NotificationsAsync(user);

    [Fact]
    public async Task AMonthsTask_GivenPassedDownReturnedAcceptedAndReportedUp_IsDoneOnlyWhenTheHeadAccepts()
    {
        var task = await GiveToDepartmentsAsync("Báo cáo tình hình đoàn viên quý IV");
        Assert.Contains(task, await ListAsync(VpHead, "mine"));
        Assert.Contains(task, await ListAsync(CsplHead, "mine"));
        Assert.Contains(task, await ListAsync(Reader, "following"));
        Assert.Contains(task, await ListAsync(Head, "given"));
        Assert.Contains(await NotificationsAsync(VpHead), n => n.Str("kind") == "assigned" && n.Str("link") == $"/tasks/{task}" && n.Str("title").Contains("chủ trì"));
        Assert.Contains(await NotificationsAsync(CsplHead), n => n.Str("link") == $"/tasks/{task}" && n.Str("title").Contains("phối hợp"));

        // The head of Văn phòng passes it down to an officer of the department, within the task's deadline.
        await (await PostAsync(VpHead, $"/api/v1/tasks/{task}/subtasks", new { deadline = Day(11), targets = new[] { new { kind = "Lead", userName = Officer } } }))
            .ErrorAsync(HttpStatusCode.BadRequest, "DEADLINE_AFTER_PARENT");
        await (await PostAsync(VpHead, $"/api/v1/tasks/{task}/subtasks", new { targets = new[] { new { kind = "Lead", userName = "dvduc.ldld" } } }))
            .ErrorAsync(HttpStatusCode.BadRequest, "ASSIGNEE_OUTSIDE_DEPARTMENT");
        var sub = (await (await PostAsync(VpHead, $"/api/v1/tasks/{task}/subtasks", new
        {
            description = "Lập bảng số liệu đoàn viên theo từng công đoàn cơ sở.", deadline = Day(7),
            targets = new[] { new { kind = "Lead", userName = Officer } },
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        Assert.Contains(sub, await ListAsync(Officer, "mine"));
        var subTask = await TaskAsync(Officer, sub);
        Assert.Equal(task, subTask.Str("parentTaskId"));
        Assert.Equal("Báo cáo tình hình đoàn viên quý IV", subTask.Str("title"));
        Assert.Equal("Báo cáo tình hình đoàn viên quý IV", (await TaskAsync(Officer, task)).Str("title")); // the officer reads the task his part belongs to

        // The officer reports progress, then done; the head of the department returns it, then accepts.
        (await PostAsync(Officer, $"/api/v1/tasks/{sub}/progress", new { percent = 50, text = "Đã có số liệu 20/35 công đoàn cơ sở." })).EnsureSuccessStatusCode();
        await (await PostAsync(Officer, $"/api/v1/tasks/{sub}/progress", new { percent = 120, text = "x" })).ErrorAsync(HttpStatusCode.BadRequest, "TASK_INVALID");
        Assert.Equal(50, (await TaskAsync(VpHead, sub)).GetProperty("progress").GetInt32());
        await (await PostAsync(VpHead, $"/api/v1/tasks/{sub}/evaluate", new { accept = true })).ErrorAsync(HttpStatusCode.Conflict, "TASK_WRONG_STATUS");
        (await PostAsync(Officer, $"/api/v1/tasks/{sub}/report-done", new { result = "Bảng số liệu đủ 35 công đoàn cơ sở." })).EnsureSuccessStatusCode();
        Assert.Contains(sub, await ListAsync(VpHead, "to-evaluate"));
        await (await PostAsync(VpHead, $"/api/v1/tasks/{sub}/evaluate", new { accept = false })).ErrorAsync(HttpStatusCode.BadRequest, "TASK_INVALID");
        (await PostAsync(VpHead, $"/api/v1/tasks/{sub}/evaluate", new { accept = false, note = "Thiếu số liệu nữ đoàn viên." })).EnsureSuccessStatusCode();
        var returned = await TaskAsync(Officer, sub);
        Assert.Equal("InProgress", returned.Str("status"));
        Assert.Equal("Thiếu số liệu nữ đoàn viên.", returned.Str("returnReason"));
        Assert.Contains(await NotificationsAsync(Officer), n => n.Str("kind") == "returned" && n.Str("link") == $"/tasks/{sub}");
        (await PostAsync(Officer, $"/api/v1/tasks/{sub}/report-done", new { result = "Đã bổ sung số liệu nữ đoàn viên." })).EnsureSuccessStatusCode();
        (await PostAsync(VpHead, $"/api/v1/tasks/{sub}/evaluate", new { accept = true, note = "Đạt." })).EnsureSuccessStatusCode();
        var accepted = await TaskAsync(Officer, sub);
        Assert.Equal("Done", accepted.Str("status"));
        Assert.True(accepted.GetProperty("doneOnTime").GetBoolean());
        Assert.Contains(sub, await ListAsync(Officer, "done"));

        // The lead cannot report the task done while the co-handler's part is open without saying what became of it.
        await (await PostAsync(VpHead, $"/api/v1/tasks/{task}/report-done", new { result = "Đã trình báo cáo." })).ErrorAsync(HttpStatusCode.BadRequest, "COHANDLERS_OPEN");
        await (await PostAsync(VpHead, $"/api/v1/tasks/{task}/part-done", new { text = "x" })).ErrorAsync(HttpStatusCode.Forbidden, "TASK_NOT_ASSIGNED");
        (await PostAsync(CsplHead, $"/api/v1/tasks/{task}/part-done", new { text = "Đã góp ý phần chính sách, pháp luật." })).EnsureSuccessStatusCode();
        await (await PostAsync(Head, $"/api/v1/tasks/{task}/report-done", new { result = "x" })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        (await PostAsync(VpHead, $"/api/v1/tasks/{task}/report-done", new { result = "Đã trình dự thảo báo cáo quý IV." })).EnsureSuccessStatusCode();
        Assert.Contains(await NotificationsAsync(Head), n => n.Str("kind") == "task-reported" && n.Str("link") == $"/tasks/{task}");
        await (await PostAsync(VpHead, $"/api/v1/tasks/{task}/evaluate", new { accept = true })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal("Reported", (await TaskAsync(Head, task)).Str("status"));
        (await PostAsync(Head, $"/api/v1/tasks/{task}/evaluate", new { accept = true })).EnsureSuccessStatusCode();
        var done = await TaskAsync(Head, task);
        Assert.Equal("Done", done.Str("status"));
        Assert.All(done.GetProperty("parts").EnumerateArray(), p => Assert.Contains(p.Str("status"), new[] { "Done" }));
        Assert.Equal(["part-done", "done"], done.GetProperty("reports").EnumerateArray().Select(r => r.Str("kind")).ToArray());
        Assert.Equal("Done", (await TaskAsync(Head, sub)).Str("status")); // the head reads what was passed down

        var trail = (await (await (await app.ClientAsAsync(Head)).GetAsync($"/api/v1/tasks/{task}/trail")).JsonAsync(HttpStatusCode.OK))
            .EnumerateArray().Select(t => t.Str("action")).ToList();
        Assert.Equal(["given", "subtask-given", "part-done", "reported", "accepted"], trail);
    }

    [Fact]
    public async Task Extension_MovesTheDeadline_NeverPastTheParentTask_AndOnlyTheGiverDecides()
    {
        var task = await GiveToDepartmentsAsync("Rà soát thỏa ước lao động tập thể", deadlineDays: 5);
        var sub = (await (await PostAsync(VpHead, $"/api/v1/tasks/{task}/subtasks", new { deadline = Day(3), targets = new[] { new { kind = "Lead", userName = Officer } } }))
            .JsonAsync(HttpStatusCode.Created)).Str("id");
        await (await PostAsync(Officer, $"/api/v1/tasks/{sub}/extensions", new { deadline = Day(2), reason = "Chờ số liệu" })).ErrorAsync(HttpStatusCode.BadRequest, "EXTENSION_NOT_LATER");
        var ext = (await (await PostAsync(Officer, $"/api/v1/tasks/{sub}/extensions", new { deadline = Day(9), reason = "Chờ số liệu của các công đoàn ngành." }))
            .JsonAsync(HttpStatusCode.Created)).Str("id");
        await (await PostAsync(Officer, $"/api/v1/tasks/{sub}/extensions", new { deadline = Day(4), reason = "x" })).ErrorAsync(HttpStatusCode.Conflict, "EXTENSION_PENDING");
        await (await PostAsync(Officer, $"/api/v1/tasks/extensions/{ext}/decide", new { grant = true })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await PostAsync(VpHead, $"/api/v1/tasks/extensions/{ext}/decide", new { grant = true })).ErrorAsync(HttpStatusCode.BadRequest, "DEADLINE_AFTER_PARENT");
        await (await PostAsync(VpHead, $"/api/v1/tasks/extensions/{ext}/decide", new { grant = false })).ErrorAsync(HttpStatusCode.BadRequest, "EXTENSION_INVALID");
        (await PostAsync(VpHead, $"/api/v1/tasks/extensions/{ext}/decide", new { grant = false, note = "Hạn của phòng là 5 ngày." })).EnsureSuccessStatusCode();

        // The department asks the head, who grants: the task's deadline moves, then the officer's may follow.
        var up = (await (await PostAsync(VpHead, $"/api/v1/tasks/{task}/extensions", new { deadline = Day(12), reason = "Chờ số liệu của các công đoàn ngành." }))
            .JsonAsync(HttpStatusCode.Created)).Str("id");
        Assert.Contains(await NotificationsAsync(Head), n => n.Str("kind") == "extension-requested" && n.Str("link") == $"/tasks/{task}");
        (await PostAsync(Head, $"/api/v1/tasks/extensions/{up}/decide", new { grant = true })).EnsureSuccessStatusCode();
        Assert.Equal(Day(12), (await TaskAsync(VpHead, task)).Str("deadline"));
        var again = (await (await PostAsync(Officer, $"/api/v1/tasks/{sub}/extensions", new { deadline = Day(9), reason = "Chờ số liệu." })).JsonAsync(HttpStatusCode.Created)).Str("id");
        (await PostAsync(VpHead, $"/api/v1/tasks/extensions/{again}/decide", new { grant = true })).EnsureSuccessStatusCode();
        var s = await TaskAsync(Officer, sub);
        Assert.Equal(Day(9), s.Str("deadline"));
        Assert.Equal(["Refused", "Granted"], s.GetProperty("extensions").EnumerateArray().Select(e => e.Str("status")).ToArray());
    }

    [Fact]
    public async Task Overdue_Chase_Reassign_AndCancel_EndWhatWasPassedDown()
    {
        var task = await GiveToDepartmentsAsync("Kiểm tra việc thu, chi kinh phí công đoàn", deadlineDays: 2);
        var sub = (await (await PostAsync(VpHead, $"/api/v1/tasks/{task}/subtasks", new { targets = new[] { new { kind = "Lead", userName = Officer } } }))
            .JsonAsync(HttpStatusCode.Created)).Str("id");
        app.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Contains(task, await ListAsync(VpHead, "overdue"));
        Assert.Contains(sub, await ListAsync(Officer, "overdue"));

        // Reminders: the officer the department passed it to, and the co-handler's heads; not Văn phòng's heads for the part passed down.
        using (var scope = app.Services.CreateScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<UnionOffice.Modules.Work.WorkReminders>().RunAsync(default)).Overdue >= 2);
        Assert.Contains(await NotificationsAsync(Officer), n => n.Str("kind") == "overdue" && n.Str("link") == $"/tasks/{sub}" && n.Str("title").StartsWith("Quá hạn nhiệm vụ"));
        Assert.Contains(await NotificationsAsync(CsplHead), n => n.Str("kind") == "overdue" && n.Str("link") == $"/tasks/{task}");
        Assert.DoesNotContain(await NotificationsAsync(VpHead), n => n.Str("kind") == "overdue" && n.Str("link") == $"/tasks/{task}");
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<UnionOffice.Modules.Work.WorkReminders>().RunAsync(default); // again: each reminder once
        Assert.Single(await NotificationsAsync(Officer), n => n.Str("kind") == "overdue" && n.Str("link") == $"/tasks/{sub}");

        await (await PostAsync(Officer, $"/api/v1/tasks/{task}/chase", new { })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        (await PostAsync(Head, $"/api/v1/tasks/{task}/chase", new { text = "Đề nghị hoàn thành trong tuần." })).EnsureSuccessStatusCode();
        Assert.Contains(await NotificationsAsync(VpHead), n => n.Str("kind") == "chased" && n.Str("link") == $"/tasks/{task}");
        Assert.Contains(await NotificationsAsync(CsplHead), n => n.Str("kind") == "chased" && n.Str("link") == $"/tasks/{task}");

        // The lead's part goes to Ban CSPL's officer instead: what Văn phòng passed down ends.
        var parts = (await TaskAsync(Head, task)).GetProperty("parts").EnumerateArray().ToList();
        var lead = parts.Single(p => p.Str("kind") == "Lead").Str("id");
        await (await PostAsync(Head, $"/api/v1/tasks/{task}/reassign", new { assigneeId = lead, departmentCode = "VP" })).ErrorAsync(HttpStatusCode.Conflict, "REASSIGN_SAME");
        await (await PostAsync(Head, $"/api/v1/tasks/{task}/reassign", new { assigneeId = lead, departmentCode = "CSPL" })).ErrorAsync(HttpStatusCode.BadRequest, "TASK_INVALID");
        (await PostAsync(Head, $"/api/v1/tasks/{task}/reassign", new { assigneeId = lead, userName = "ptngoc.ldld", reason = "Văn phòng đang quá tải." })).EnsureSuccessStatusCode();
        Assert.Equal("Cancelled", (await TaskAsync(Head, sub)).Str("status"));
        Assert.DoesNotContain(task, await ListAsync(VpHead, "mine"));
        Assert.Contains(task, await ListAsync("ptngoc.ldld", "mine"));

        await (await PostAsync(Head, $"/api/v1/tasks/{task}/cancel", new { text = " " })).ErrorAsync(HttpStatusCode.BadRequest, "TASK_INVALID");
        (await PostAsync(Head, $"/api/v1/tasks/{task}/cancel", new { text = "Thường trực đã giao Ủy ban Kiểm tra thực hiện." })).EnsureSuccessStatusCode();
        var cancelled = await TaskAsync(Head, task);
        Assert.Equal("Cancelled", cancelled.Str("status"));
        Assert.DoesNotContain(task, await ListAsync("ptngoc.ldld", "mine"));
        Assert.Contains(await NotificationsAsync("ptngoc.ldld"), n => n.Str("kind") == "task-cancelled" && n.Str("link") == $"/tasks/{task}");
        await (await PostAsync(Head, $"/api/v1/tasks/{task}/chase", new { })).ErrorAsync(HttpStatusCode.Conflict, "CHASE_CLOSED");
    }

    [Fact]
    public async Task ATask_IsSeenByItsPeopleAndTheirChain_Only()
    {
        // Given by the head to an officer in person: his department's head sees it (the chain), the other department does not.
        var task = await GiveAsync(Head, new { organizationCode = "I02.36", title = "Chuẩn bị nội dung tập huấn pháp luật lao động", deadline = Day(6),
            targets = new[] { new { kind = "Lead", userName = Officer } } });
        await TaskAsync(Officer, task);
        await TaskAsync(VpHead, task);
        await TaskAsync(Head, task);
        foreach (var outsider in new[] { CsplHead, "dvduc.ldld", "htthu.ldld", "vmquan.ldld", "tvhung.tld", "lthoa.tld" })
            await (await (await app.ClientAsAsync(outsider)).GetAsync($"/api/v1/tasks/{task}")).ErrorAsync(HttpStatusCode.NotFound, "TASK_NOT_FOUND");
        foreach (var outsider in new[] { CsplHead, "tvhung.tld" })
        {
            await (await PostAsync(outsider, $"/api/v1/tasks/{task}/evaluate", new { accept = true })).ErrorAsync(HttpStatusCode.NotFound, "TASK_NOT_FOUND");
            await (await PostAsync(outsider, $"/api/v1/tasks/{task}/cancel", new { text = "x" })).ErrorAsync(HttpStatusCode.NotFound, "TASK_NOT_FOUND");
        }

        // Who may give: heads to the organ, department heads to their own people; officers, clerks and other organs not.
        var body = new { organizationCode = "I02.36", title = "Việc thử", targets = new[] { new { kind = "Lead", userName = Officer } } };
        await (await PostAsync("ttbich.ldld", "/api/v1/tasks", body)).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await PostAsync("htthu.ldld", "/api/v1/tasks", body)).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await PostAsync("tvhung.tld", "/api/v1/tasks", body)).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await PostAsync(CsplHead, "/api/v1/tasks", body)).ErrorAsync(HttpStatusCode.BadRequest, "ASSIGNEE_OUTSIDE_DEPARTMENT");
        await (await PostAsync(VpHead, "/api/v1/tasks", new { organizationCode = "I02.36", title = "Việc thử", targets = new[] { new { kind = "Lead", departmentCode = "CSPL" } } }))
            .ErrorAsync(HttpStatusCode.BadRequest, "ASSIGNEE_OUTSIDE_DEPARTMENT");
        await (await PostAsync(Head, "/api/v1/tasks", new { organizationCode = "I02.36", title = "Việc thử", targets = new[] { new { kind = "Lead", userName = "lthoa.tld" } } }))
            .ErrorAsync(HttpStatusCode.BadRequest, "ASSIGNEE_OUTSIDE");
        var own = await GiveAsync(VpHead, new { organizationCode = "I02.36", title = "Cập nhật danh bạ cơ quan", targets = new[] { new { kind = "Lead", userName = Officer } } });
        Assert.Equal("DepartmentHead", (await TaskAsync(Officer, own)).Str("giverRole"));
        await (await (await app.ClientAsAsync(CsplHead)).GetAsync($"/api/v1/tasks/{own}")).ErrorAsync(HttpStatusCode.NotFound, "TASK_NOT_FOUND");
    }

    [Fact]
    public async Task ATaskGivenFromAnIncomingDocument_NamesIt_AndIsListedForItsLead()
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var doc = (await (await clerk.PostJsonAsync("/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = "Tổng Liên đoàn Lao động Việt Nam", codeNumber = $"{Random.Shared.Next(100, 99999)}", codeNotation = "TLĐ-TC",
            issuedDate = Day(-1), typeName = "Công văn", subject = "V/v chuẩn bị Đại hội Công đoàn các cấp",
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        var task = await GiveAsync(Head, new
        {
            organizationCode = "I02.36", title = "Xây dựng đề án nhân sự Đại hội", origin = "IncomingDocument", originId = doc, deadline = Day(20),
            targets = new[] { new { kind = "Lead", departmentCode = "VP" } },
        });
        var t = await TaskAsync(VpHead, task);
        Assert.Equal("IncomingDocument", t.Str("origin"));
        Assert.Equal(doc, t.Str("originId"));
        // Another organ's document is not a source: the head of the Confederation cannot name Nghệ An's.
        await (await PostAsync("tvhung.tld", "/api/v1/tasks", new
        {
            organizationCode = "I02", title = "Việc", origin = "IncomingDocument", originId = doc, targets = new[] { new { kind = "Lead", userName = "ntlan.tld" } },
        })).ErrorAsync(HttpStatusCode.BadRequest, "TASK_INVALID");
    }

    [Fact]
    public async Task Give_RefusesBadInput_WithAVietnameseMessage()
    {
        var cases = new (object Body, string Code)[]
        {
            (new { organizationCode = "I02.36", title = " ", targets = new[] { new { kind = "Lead", userName = Officer } } }, "TASK_INVALID"),
            (new { organizationCode = "I02.36", title = "Việc", deadline = Day(-1), targets = new[] { new { kind = "Lead", userName = Officer } } }, "TASK_INVALID"),
            (new { organizationCode = "I02.36", title = "Việc", targets = new[] { new { kind = "CoHandler", userName = Officer } } }, "TASK_INVALID"),
            (new { organizationCode = "I02.36", title = "Việc", targets = new[] { new { kind = "Lead", userName = Officer }, new { kind = "CoHandler", userName = Officer } } }, "TASK_INVALID"),
            (new { organizationCode = "I02.36", title = new string('x', 501), targets = new[] { new { kind = "Lead", userName = Officer } } }, "TASK_INVALID"),
            (new { organizationCode = "I02.36", title = "Việc", origin = "IncomingDocument", originId = Guid.NewGuid(), targets = new[] { new { kind = "Lead", userName = Officer } } }, "TASK_INVALID"),
        };
        foreach (var (body, code) in cases)
        {
            var e = await (await PostAsync(Head, "/api/v1/tasks", body)).ErrorAsync(HttpStatusCode.BadRequest, code);
            Assert.Matches("[ăâđêôơưáàảãạ]", e.Str("message"));
        }
        await (await PostAsync(Head, "/api/v1/tasks", new { organizationCode = "I02.36", title = "Việc", priority = "Gấp", targets = new[] { new { kind = "Lead", userName = Officer } } }))
            .ErrorAsync(HttpStatusCode.BadRequest, "REQUEST_INVALID");
    }

    [Fact]
    public async Task ADraftWrittenForATask_IsListedOnTheTask_AndOnlyATaskTheAuthorMayReadIsAccepted()
    {
        var task = await GiveAsync(Head, new { organizationCode = "I02.36", title = "Trả lời Tổng Liên đoàn về số liệu đoàn viên", deadline = Day(5),
            targets = new[] { new { kind = "Lead", userName = Officer } } });
        var draft = new
        {
            organizationCode = "I02.36", typeName = "Công văn", subject = "V/v báo cáo số liệu đoàn viên năm 2026", urgency = "Normal",
            signerUserName = Head, toPlaces = "Như trên; Lưu: VT.", taskId = task,
        };
        var id = (await (await PostAsync(Officer, "/api/v1/outgoing", draft)).JsonAsync(HttpStatusCode.Created)).Str("id");
        var docs = (await TaskAsync(Officer, task)).GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal(id, Assert.Single(docs).Str("id"));
        Assert.Equal(task, (await (await (await app.ClientAsAsync(Officer)).GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK)).Str("taskId"));
        // Someone the task is not for cannot hang a draft on it (nor learn that it exists).
        await (await PostAsync("ptngoc.ldld", "/api/v1/outgoing", draft)).ErrorAsync(HttpStatusCode.BadRequest, "TASK_UNKNOWN");
        await (await PostAsync(Officer, "/api/v1/outgoing", draft with { taskId = Guid.NewGuid().ToString() })).ErrorAsync(HttpStatusCode.BadRequest, "TASK_UNKNOWN");
    }

    [Fact]
    public async Task Files_AreAttachedByTheGiverAndThoseDoingIt_AndReadByTheTasksPeopleOnly()
    {
        var task = await GiveAsync(Head, new { organizationCode = "I02.36", title = "Hoàn thiện quy chế dân chủ cơ sở", deadline = Day(5),
            targets = new[] { new { kind = "Lead", userName = Officer } } });
        var pdf = Outgoing.OutgoingFlowTests.DraftPdf("Dự thảo quy chế dân chủ cơ sở");
        var files = await (await (await app.ClientAsAsync(Head)).UploadAsync($"/api/v1/tasks/{task}/files", "quy-che-cu.pdf", pdf)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("quy-che-cu.pdf", Assert.Single(files.EnumerateArray()).Str("fileName"));
        (await (await app.ClientAsAsync(Officer)).UploadAsync($"/api/v1/tasks/{task}/files", "du-thao.pdf", pdf)).EnsureSuccessStatusCode();
        await (await (await app.ClientAsAsync(Reader)).UploadAsync($"/api/v1/tasks/{task}/files", "x.pdf", pdf)).ErrorAsync(HttpStatusCode.NotFound, "TASK_NOT_FOUND");
        await (await (await app.ClientAsAsync(VpHead)).UploadAsync($"/api/v1/tasks/{task}/files", "x.pdf", pdf)).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var listed = (await TaskAsync(Officer, task)).GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(["quy-che-cu.pdf", "du-thao.pdf"], listed.Select(f => f.Str("fileName")).ToArray());
        Assert.Equal("Nguyễn Văn An", listed[1].Str("uploadedBy"));
        var download = await (await app.ClientAsAsync(VpHead)).GetAsync($"/api/v1/tasks/{task}/files/{listed[0].Str("id")}");
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        await (await (await app.ClientAsAsync("cthanh.ldld")).GetAsync($"/api/v1/tasks/{task}/files/{listed[0].Str("id")}")).ErrorAsync(HttpStatusCode.NotFound, "TASK_NOT_FOUND");
        await (await (await app.ClientAsAsync(Officer)).UploadAsync($"/api/v1/tasks/{task}/files", "bom.txt", "không phải tệp văn bản"u8.ToArray()))
            .ErrorAsync(HttpStatusCode.UnsupportedMediaType, "FILE_TYPE_REFUSED");
    }

    [Fact]
    public async Task ADoubleClickOnAccept_AcceptsOnce()
    {
        var task = await GiveAsync(Head, new { organizationCode = "I02.36", title = "Gửi danh sách đoàn viên tiêu biểu", deadline = Day(3),
            targets = new[] { new { kind = "Lead", userName = Officer } } });
        (await PostAsync(Officer, $"/api/v1/tasks/{task}/report-done", new { result = "Đã gửi danh sách." })).EnsureSuccessStatusCode();
        using var head = await app.ClientAsAsync(Head);
        var both = await Task.WhenAll(head.PostJsonAsync($"/api/v1/tasks/{task}/evaluate", new { accept = true }),
            head.PostJsonAsync($"/api/v1/tasks/{task}/evaluate", new { accept = true }));
        Assert.Single(both, r => r.StatusCode == HttpStatusCode.NoContent);
        Assert.Single(both, r => r.StatusCode == HttpStatusCode.Conflict);
        var trail = (await (await head.GetAsync($"/api/v1/tasks/{task}/trail")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(t => t.Str("action")).ToList();
        Assert.Single(trail, a => a == "accepted");
    }
}

public sealed class TaskFlowTestsSqlite(SqliteAppFixture f) : TaskFlowTests(f), IClassFixture<SqliteAppFixture>;
public sealed class TaskFlowTestsPostgres(PostgresAppFixture f) : TaskFlowTests(f), IClassFixture<PostgresAppFixture>;
