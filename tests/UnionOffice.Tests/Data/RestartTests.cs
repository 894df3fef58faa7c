using System.Net;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Data;

public class RestartTests
{
    [Fact]
    public Task Sqlite_DataSurvivesARestart()
    {
        var file = Path.Combine(Path.GetTempPath(), $"uo-restart-{Guid.NewGuid():N}.db");
        return SurvivesAsync(() => new SqliteAppFixture { File = file, Keep = true }, () => new SqliteAppFixture { File = file });
    }

    [Fact]
    public Task Postgres_DataSurvivesARestart()
    {
        var name = $"uo_restart_{Guid.NewGuid():N}";
        return SurvivesAsync(() => new PostgresAppFixture { Name = name, Keep = true }, () => new PostgresAppFixture { Name = name });
    }

    private static async Task SurvivesAsync(Func<AppFixture> first, Func<AppFixture> second)
    {
        var a = first();
        await ((IAsyncLifetime)a).InitializeAsync();
        try
        {
            using var admin = await a.ClientAsAsync("nqtri.tld");
            (await admin.PostJsonAsync("/api/v1/organizations", new { code = "I02.36.88", name = "LĐLĐ huyện Bền Vững", parentCode = "I02.36" })).EnsureSuccessStatusCode();
        }
        finally
        {
            await ((IAsyncLifetime)a).DisposeAsync();
        }
        var b = second();
        await ((IAsyncLifetime)b).InitializeAsync();
        try
        {
            using var c = await b.ClientAsAsync("nqtri.tld");
            var org = await (await c.GetAsync("/api/v1/organizations/I02.36.88")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal("LĐLĐ huyện Bền Vững", org.Str("name"));
        }
        finally
        {
            await ((IAsyncLifetime)b).DisposeAsync();
        }
    }
}
