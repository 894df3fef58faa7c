using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using UnionOffice.Data;
using UnionOffice.Modules.Audit;
using Xunit;

namespace UnionOffice.Tests.Data;

/// <summary>
/// The app's contexts come from EF's pool (one request no longer builds a context's services), so what a context keeps
/// for its request — audit entries queued and not saved, the audit chain's head held in a transaction — must not reach
/// the next request that gets the same instance.
/// </summary>
public sealed class ContextPoolTests
{
    [Fact]
    public async Task AContextBackFromTheRequestBefore_HasNoAuditEntriesOrChainHeadOfThatRequest()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Default"] = "Data Source=:memory:",
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddAppDatabase(config).BuildServiceProvider();

        AppDbContext first;
        await using (var scope = services.CreateAsyncScope())
        {
            first = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            first.AddAudit(new AuditEntry { Action = "test.unsaved", At = DateTimeOffset.UnixEpoch });
            first.HeldAuditHead = new AuditChain.AuditHead(null!, 7, "hash");
            Assert.Single(first.PendingAudit);
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var next = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Same(first, next); // pooled: the same instance, reset
            Assert.Empty(next.PendingAudit);
            Assert.Null(next.HeldAuditHead);
        }
    }
}
