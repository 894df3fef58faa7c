using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UnionOffice.Modules.Audit;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Data;

public abstract class AuditChainTests(AppFixture app)
{
    [Fact]
    public async Task Chain_IsIntact_AfterManyConcurrentWriters_NumberedWithoutGaps()
    {
        // Forty logins at once, each appending to the log from its own request.
        // Every fourth attempt is a wrong password for a name without an account, a different one each time (audited as a
        // failure; one failure per name from this address locks nothing out).
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            i % 4 == 0 ? app.LoginAsync($"khongco{i}.ldld", "Sai@matkhau99") : app.LoginAsync(i % 2 == 0 ? "ntlan.tld" : "nvan.ldld")));
        Assert.All(results, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized));
        var result = await app.WithDbAsync(db => AuditChain.VerifyAsync(db, default));
        Assert.True(result.Ok, string.Join("; ", result.Problems));
        var seqs = await app.WithDbAsync(db => db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync());
        Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
    }

    [Fact]
    public async Task Database_RefusesToUpdateOrDeleteAuditRecords()
    {
        await app.LoginAsync("lthoa.tld");
        await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Details\" = 'x'")));
        await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\"")));
    }

    [Fact]
    public async Task Verify_DetectsAnEditedAndADeletedRecord_EvenWhenTheGuardIsRemoved()
    {
        // This test breaks the chain on purpose, so it runs on a database of its own.
        var own = app.Provider == UnionOffice.Data.DatabaseProvider.Sqlite ? (AppFixture)new SqliteAppFixture() : new PostgresAppFixture();
        await ((IAsyncLifetime)own).InitializeAsync();
        try
        {
        for (var i = 0; i < 3; i++) await own.LoginAsync("ntlan.tld");
        Assert.True((await own.WithDbAsync(db => AuditChain.VerifyAsync(db, default))).Ok);

        // An attacker with database rights drops the guard and edits one record, deletes another.
        var dropGuard = own.Provider == UnionOffice.Data.DatabaseProvider.Sqlite
            ? "DROP TRIGGER \"TR_AuditEntries_NoUpdate\"; DROP TRIGGER \"TR_AuditEntries_NoDelete\";"
            : "DROP TRIGGER \"TR_AuditEntries_NoChange\" ON \"AuditEntries\";";
        await own.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(dropGuard));
        await own.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"ActorUserName\" = 'ke-gian' WHERE \"Sequence\" = 3"));
        await own.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 5"));

        var result = await own.WithDbAsync(db => AuditChain.VerifyAsync(db, default));
        Assert.False(result.Ok);
        Assert.Contains(result.Problems, p => p.Contains("số 3") && p.Contains("sửa"));
        Assert.Contains(result.Problems, p => p.Contains("Thiếu bản ghi số 5"));
        }
        finally
        {
            await ((IAsyncLifetime)own).DisposeAsync();
        }
    }

    /// <summary>
    /// Review finding 9: the newest records deleted with the guard dropped leave a chain that still verifies on its own;
    /// the anchors written outside the database name what is gone, and an edited anchor is found too.
    /// </summary>
    [Fact]
    public async Task ADeletedTail_IsFoundByTheAnchors_OutsideTheDatabase()
    {
        var own = app.Provider == UnionOffice.Data.DatabaseProvider.Sqlite ? (AppFixture)new SqliteAppFixture() : new PostgresAppFixture();
        await ((IAsyncLifetime)own).InitializeAsync();
        try
        {
            for (var i = 0; i < 3; i++) await own.LoginAsync("ntlan.tld");
            var anchors = own.Services.GetRequiredService<AuditAnchors>();
            var anchor = await own.WithDbAsync(db => anchors.AnchorAsync(db, default));
            Assert.NotNull(anchor);
            Assert.Equal(anchor, await own.WithDbAsync(db => anchors.AnchorAsync(db, default))); // nothing new: no second anchor
            for (var i = 0; i < 2; i++) await own.LoginAsync("ntlan.tld");
            var head = await own.WithDbAsync(db => db.AuditEntries.MaxAsync(e => e.Sequence));

            // Someone with the database's rights drops the guard and deletes the newest records, the anchored one among them.
            var dropGuard = own.Provider == UnionOffice.Data.DatabaseProvider.Sqlite
                ? "DROP TRIGGER \"TR_AuditEntries_NoDelete\";"
                : "DROP TRIGGER \"TR_AuditEntries_NoChange\" ON \"AuditEntries\";";
            await own.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(dropGuard));
            var from = anchor!.Sequence - 1;
            await own.WithDbAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM \"AuditEntries\" WHERE \"Sequence\" >= {from}"));

            Assert.True((await own.WithDbAsync(db => AuditChain.VerifyAsync(db, default))).Ok); // the chain alone cannot see it
            var result = await own.WithDbAsync(db => AuditChain.VerifyAsync(db, default, anchors));
            Assert.False(result.Ok);
            Assert.Contains(result.Problems, p => p.Contains($"đến {anchor!.Sequence}") && p.Contains("phần cuối nhật ký đã bị xóa"));
            Assert.True(head > anchor!.Sequence);

            // The system administrator sees it in the API too.
            using var root = await own.ClientAsAsync("nqtri.tld");
            var v = await (await root.GetAsync("/api/v1/audit/verify")).JsonAsync(HttpStatusCode.OK);
            Assert.False(v.GetProperty("ok").GetBoolean());
            Assert.Equal(anchor.Sequence, v.GetProperty("anchoredUpTo").GetInt64());

            // An anchor edited to match the shortened chain no longer carries a valid signature.
            var file = Directory.GetFiles(anchors.Directory, "anchors-*.jsonl").Single();
            var lines = File.ReadAllLines(file);
            File.WriteAllLines(file, lines.Select(l => l.Replace($"\"Sequence\":{anchor.Sequence}", "\"Sequence\":1", StringComparison.Ordinal)));
            var edited = await own.WithDbAsync(db => AuditChain.VerifyAsync(db, default, anchors));
            Assert.Contains(edited.Problems, p => p.Contains("đã bị sửa (chữ ký không khớp)"));
        }
        finally
        {
            await ((IAsyncLifetime)own).DisposeAsync();
        }
    }

    [Fact]
    public async Task Audit_IsBrowsableAndFilterable_ByAdministrators_WithinTheirScope()
    {
        await app.LoginAsync("dvduc.ldld", "Sai@matkhau99");
        using var province = await app.ClientAsAsync("vmquan.ldld");
        var page = await (await province.GetAsync("/api/v1/audit?action=auth.login.failed&failedOnly=true")).JsonAsync(HttpStatusCode.OK);
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, e => e.Str("actorUserName") == "dvduc.ldld");
        Assert.All(items, e => Assert.StartsWith("I02.36", e.Str("organizationCode")));
        var verify = await province.GetAsync("/api/v1/audit/verify");
        await verify.ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        using var root = await app.ClientAsAsync("nqtri.tld");
        var v = await (await root.GetAsync("/api/v1/audit/verify")).JsonAsync(HttpStatusCode.OK);
        Assert.True(v.GetProperty("ok").GetBoolean());
        var byUser = await (await root.GetAsync("/api/v1/audit?userName=dvduc.ldld")).JsonAsync(HttpStatusCode.OK);
        Assert.True(byUser.GetProperty("total").GetInt32() >= 1);
    }
}

public sealed class AuditChainTestsSqlite(SqliteAppFixture f) : AuditChainTests(f), IClassFixture<SqliteAppFixture>;
public sealed class AuditChainTestsPostgres(PostgresAppFixture f) : AuditChainTests(f), IClassFixture<PostgresAppFixture>;
