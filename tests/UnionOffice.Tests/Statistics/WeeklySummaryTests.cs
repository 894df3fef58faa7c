using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UnionOffice.Common;
using UnionOffice.Modules.Notifications;
using UnionOffice.Modules.Statistics;
using UnionOffice.Tests.Incoming;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Statistics;

/// <summary>
/// A head's weekly summary (issue 20 §6) with a mail server configured: after the week ends, each head gets the week's
/// figures of their organ — equal to the statistics of that week — as a notification mailed through a real SMTP exchange
/// on loopback, once, however often the job runs.
/// </summary>
public sealed class WeeklySummaryTests(MailAppFixture app) : IClassFixture<MailAppFixture>
{
    private async Task<T> RunAsync<T>() where T : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        object result = typeof(T) == typeof(int)
            ? await scope.ServiceProvider.GetRequiredService<WeeklySummary>().RunAsync(default)
            : await scope.ServiceProvider.GetRequiredService<NotificationMailer>().RunAsync(default);
        return (T)result;
    }

    [Fact]
    public async Task TheWeeksFigures_AreMailedToTheHeads_Once()
    {
        await app.WithDbAsync(async db =>
            await db.Users.Where(u => u.UserName == "pstoan.ldld").ExecuteUpdateAsync(s => s.SetProperty(u => u.Email, "pstoan@congdoan.test")));
        await IncomingScenario.RunAsync(app);
        // The week ends: the next one begins.
        var today = Formats.Today(app.Clock);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        app.Clock.Advance(TimeSpan.FromDays(monday.AddDays(7).DayNumber - today.DayNumber) + TimeSpan.FromHours(1));
        var written = await RunAsync<int>();
        Assert.True(written >= 2, "the heads of both organs");
        Assert.Equal(0, await RunAsync<int>());

        var week = await (await (await app.ClientAsAsync("pstoan.ldld", fresh: true))
            .GetAsync($"/api/v1/statistics/handling?organizationCode=I02.36&from={monday:yyyy-MM-dd}&to={monday.AddDays(6):yyyy-MM-dd}")).JsonAsync(HttpStatusCode.OK);
        var received = week.GetProperty("total").GetProperty("incoming").GetProperty("received").GetInt32();
        Assert.True(received >= 3);
        var note = (await app.NotificationsAsync("pstoan.ldld")).Single(n => n.Str("kind") == "weekly-summary");
        Assert.Contains($"Tóm tắt tuần {monday:dd/MM/yyyy}–{monday.AddDays(6):dd/MM/yyyy}", note.Str("title"));
        Assert.Contains($": {received} văn bản đến,", note.Str("title"));

        var mailed = await RunAsync<MailRun>();
        Assert.True(mailed.Sent >= 1);
        var message = Assert.Single(app.Smtp.Messages.Where(m => m.To.Contains("<pstoan@congdoan.test>")).Select(m => NotificationMailTests.Decode(m.Data)),
            m => m.Contains("Tóm tắt tuần"));
        Assert.Contains($"{received} văn bản đến", message);
        Assert.Contains("https://vpdt.congdoan.test/statistics?organizationCode=I02.36", message);
        Assert.Equal(0, (await RunAsync<MailRun>()).Sent);
    }
}
