using System.Net;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Work;

/// <summary>Work plans through the API on both databases: drafted, issued into tasks (a recurring item one per month still to come), frozen after.</summary>
public abstract class WorkPlanTests(AppFixture app)
{
    [Fact]
    public async Task AYearPlan_IssuesItsItemsAsTasks_RecurringOnesMonthByMonth_AndIsFrozenAfter()
    {
        var today = Formats.Today(app.Clock);
        var year = today.Year;
        using var head = await app.ClientAsAsync("pstoan.ldld");
        var body = new
        {
            organizationCode = "I02.36", period = "Year", year, title = $"Kế hoạch công tác năm {year}",
            items = new object[]
            {
                new { title = "Báo cáo tình hình công nhân, viên chức, lao động", leadDepartmentCode = "VP", recurrence = "Monthly", dayOfMonth = 25 },
                new { title = "Tổng kết công tác công đoàn năm", leadUserName = "dvduc.ldld", deadline = $"{year}-12-31", recurrence = "None" },
            },
        };
        var plan = (await (await head.PostJsonAsync("/api/v1/plans", body)).JsonAsync(HttpStatusCode.Created)).Str("id");
        var draft = await (await head.GetAsync($"/api/v1/plans/{plan}")).JsonAsync(HttpStatusCode.OK);
        Assert.True(draft.GetProperty("canIssue").GetBoolean());
        Assert.Equal("Văn phòng", draft.GetProperty("items")[0].Str("lead"));

        // Who may: a department head only for the department and its people, an officer not at all.
        using var dh = await app.ClientAsAsync("lvbinh.ldld");
        await (await dh.PostJsonAsync("/api/v1/plans", body)).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await dh.PostJsonAsync("/api/v1/plans", new { organizationCode = "I02.36", departmentCode = "VP", period = "Month", year, number = today.Month, title = "Kế hoạch tháng",
            items = new[] { new { title = "Việc", leadUserName = "dvduc.ldld", recurrence = "None" } } })).ErrorAsync(HttpStatusCode.BadRequest, "ASSIGNEE_OUTSIDE_DEPARTMENT");
        await (await (await app.ClientAsAsync("nvan.ldld")).PostJsonAsync($"/api/v1/plans/{plan}/issue")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await (await app.ClientAsAsync("tvhung.tld")).GetAsync($"/api/v1/plans/{plan}")).ErrorAsync(HttpStatusCode.NotFound, "PLAN_NOT_FOUND");
        await (await head.PostJsonAsync("/api/v1/plans", new { organizationCode = "I02.36", period = "Quarter", year, number = 5, title = "Sai", items = Array.Empty<object>() }))
            .ErrorAsync(HttpStatusCode.BadRequest, "TASK_INVALID");

        var issued = await (await head.PostJsonAsync($"/api/v1/plans/{plan}/issue")).JsonAsync(HttpStatusCode.OK);
        var monthsLeft = Enumerable.Range(today.Month, 13 - today.Month).Count(m => new DateOnly(year, m, 25) >= today);
        Assert.Equal(monthsLeft + 1, issued.GetProperty("tasks").GetInt32());
        await (await head.PostJsonAsync($"/api/v1/plans/{plan}/issue")).ErrorAsync(HttpStatusCode.Conflict, "PLAN_ISSUED");

        var after = await (await head.GetAsync($"/api/v1/plans/{plan}")).JsonAsync(HttpStatusCode.OK);
        var monthly = after.GetProperty("items")[0].GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(monthsLeft, monthly.Count);
        Assert.All(monthly, t => Assert.EndsWith("-25", t.Str("deadline")));
        var first = monthly[0].Str("id");
        var task = await (await dh.GetAsync($"/api/v1/tasks/{first}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("PlanItem", task.Str("origin"));
        Assert.StartsWith("Báo cáo tình hình công nhân, viên chức, lao động (tháng ", task.Str("title"));
        Assert.Contains(first, (await (await dh.GetAsync("/api/v1/tasks?view=mine&take=200")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(t => t.Str("id")));
        // Each lead is told once for the whole plan, not once per task.
        var told = (await (await dh.GetAsync("/api/v1/notifications?take=200")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()
            .Where(n => n.Str("title").Contains($"Kế hoạch công tác năm {year}")).ToList();
        Assert.Single(told);
        Assert.Contains((await (await (await app.ClientAsAsync("nvan.ldld")).GetAsync("/api/v1/plans?organizationCode=I02.36")).JsonAsync(HttpStatusCode.OK)).EnumerateArray(),
            p => p.Str("id") == plan);
    }
}

public sealed class WorkPlanTestsSqlite(SqliteAppFixture f) : WorkPlanTests(f), IClassFixture<SqliteAppFixture>;
public sealed class WorkPlanTestsPostgres(PostgresAppFixture f) : WorkPlanTests(f), IClassFixture<PostgresAppFixture>;
