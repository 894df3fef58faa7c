using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using UnionOffice.Data;
using Xunit;

namespace UnionOffice.Tests.Unit;

/// <summary>
/// The app's PostgreSQL connections are not reset when they go back to the pool (ADR 0012): the operator's connection
/// string is used with <c>No Reset On Close</c> added, and everything else in it kept.
/// </summary>
public sealed class DatabaseSetupTests
{
    private const string Operators = "Host=db.example;Port=5433;Database=unionoffice;Username=uo;Password=s3cret;Maximum Pool Size=50;Options=-c max_parallel_workers_per_gather=0";

    [Fact]
    public void WithoutResetOnClose_AddsIt_AndKeepsTheOperatorsSettings()
    {
        var b = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithoutResetOnClose(Operators));
        Assert.True(b.NoResetOnClose);
        var given = new NpgsqlConnectionStringBuilder(Operators);
        Assert.False(given.NoResetOnClose);
        foreach (var key in given.Keys) Assert.Equal(given[key], b[key]);
    }

    [Fact]
    public async Task TheAppsContexts_UseTheConnectionStringWithoutReset()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Default"] = Operators,
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddAppDatabase(config).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var used = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        Assert.True(used.NoResetOnClose);
        Assert.Equal("-c max_parallel_workers_per_gather=0", used.Options);
        Assert.Equal("db.example", used.Host);
    }

    /// <summary>
    /// A context built by a host without the accounts module (as this class's other test does) still has the Identity
    /// schema with passkeys: EF Core keeps one model per context type for the process, so whichever host builds it first
    /// must not decide what every later host gets.
    /// </summary>
    [Theory]
    [InlineData("PostgreSQL", Operators)]
    [InlineData("Sqlite", "Data Source=:memory:")]
    public async Task TheModel_HasPasskeys_WhateverHostBuildsItFirst(string provider, string cs)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["ConnectionStrings:Default"] = cs,
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddAppDatabase(config).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.NotNull(db.Model.FindEntityType(typeof(Microsoft.AspNetCore.Identity.IdentityUserPasskey<Guid>)));
    }
}
