using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Cli;

/// <summary>The subcommands of the real executable, run as a separate process as an operator would.</summary>
public sealed class CommandTests : IDisposable
{
    private readonly string _db = Path.Combine(Path.GetTempPath(), $"uo-cli-{Guid.NewGuid():N}.db");
    /// <summary>This test's own files and audit anchors: the installation's defaults lie beside the shared binary.</summary>
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"uo-cli-data-{Guid.NewGuid():N}");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _db, _db + "-wal", _db + "-shm" }) File.Delete(f);
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Migrate_AppliesOnce_ThenSaysUpToDate()
    {
        var first = await RunAsync("migrate");
        Assert.Equal(0, first.Code);
        Assert.Contains("Đã áp dụng: 0001_initial", first.Out);
        var second = await RunAsync("migrate");
        Assert.Equal(0, second.Code);
        Assert.Contains("Lược đồ đã mới nhất.", second.Out);
    }

    /// <summary>
    /// Review finding 11: installed in a folder and started from another (a service without a WorkingDirectory, an
    /// operator in their home), the app reads the settings beside its binary, and a relative SQLite file is made there.
    /// </summary>
    [Fact]
    public async Task StartedFromAnotherFolder_ItReadsTheSettingsBesideItsBinary()
    {
        var install = Directory.CreateTempSubdirectory("uo-install-").FullName;
        var elsewhere = Directory.CreateTempSubdirectory("uo-elsewhere-").FullName;
        try
        {
            var bin = Path.GetDirectoryName(Executable())!;
            foreach (var f in Directory.EnumerateFiles(bin, "*", SearchOption.AllDirectories).Where(f => !f.StartsWith(Path.Combine(bin, "data"), StringComparison.Ordinal)))
            {
                var to = Path.Combine(install, Path.GetRelativePath(bin, f));
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(f, to);
            }
            File.WriteAllText(Path.Combine(install, "appsettings.json"), """
                { "Database": { "Provider": "Sqlite" }, "ConnectionStrings": { "Default": "Data Source=tu-cau-hinh.db;Pooling=False" } }
                """);
            var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = elsewhere, RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add(Path.Combine(install, "UnionOffice.dll"));
            psi.ArgumentList.Add("migrate");
            psi.Environment["DOTNET_ENVIRONMENT"] = "Production";
            psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
            Assert.True(p.ExitCode == 0, await stderr);
            Assert.Contains("Đã áp dụng: 0001_initial", await stdout);
            Assert.True(File.Exists(Path.Combine(install, "tu-cau-hinh.db")), "the database named in the settings beside the binary, made beside it");
            Assert.Empty(Directory.EnumerateFiles(elsewhere, "*.db"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(install, recursive: true);
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public async Task CreateAdmin_Works_AndRefusesDuplicatesWeakPasswordsAndMissingArguments()
    {
        var ok = await RunAsync("create-admin", "--user", "quantri.tld", "--password", "Quan@Tri2026x");
        Assert.Equal(0, ok.Code);
        Assert.Contains("Đã tạo quản trị hệ thống quantri.tld tại I02", ok.Out);
        var again = await RunAsync("create-admin", "--user", "quantri.tld", "--password", "Quan@Tri2026x");
        Assert.Equal(1, again.Code);
        Assert.Contains("đã tồn tại", again.Err);
        var weak = await RunAsync("create-admin", "--user", "yeu.tld", "--password", "123");
        Assert.Equal(1, weak.Code);
        Assert.Contains("Mật khẩu phải có ít nhất 10 ký tự", weak.Err);
        var missing = await RunAsync("create-admin", "--user", "thieu.tld");
        Assert.Equal(2, missing.Code);
        Assert.Contains("Thiếu --user hoặc --password", missing.Err);
    }

    [Fact]
    public async Task SeedDemo_PrintsAccounts_AndAGeneratedPassword_OrTheConfiguredOne()
    {
        var generated = await RunAsync("seed-demo");
        Assert.Equal(0, generated.Code);
        Assert.Contains("pstoan.ldld", generated.Out);
        Assert.Contains("I02.36", generated.Out);
        var line = generated.Out.Split('\n').Single(l => l.Contains("Mật khẩu của mọi tài khoản mẫu:"));
        Assert.True(line.Split(':')[1].Trim().Length >= 12);
        var again = await RunAsync("seed-demo");
        Assert.Contains("đã có từ trước", again.Out);

        Dispose();
        var configured = await RunAsync(["seed-demo"], ("Demo__Password", "Cau@HinhDemo2026"));
        Assert.Contains("Cau@HinhDemo2026", configured.Out);
    }

    [Fact]
    public async Task VerifyAudit_PassesOnAnIntactLog_AndFailsWithExitCode3WhenTampered()
    {
        Assert.Equal(0, (await RunAsync("seed-demo")).Code);
        var intact = await RunAsync("verify-audit");
        Assert.True(intact.Code == 0, intact.Out + intact.Err); // the report says why when it fails
        Assert.Contains("Nhật ký toàn vẹn.", intact.Out);

        await using (var conn = new SqliteConnection($"Data Source={_db};Pooling=False"))
        {
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "DROP TRIGGER \"TR_AuditEntries_NoUpdate\"; UPDATE \"AuditEntries\" SET \"Details\" = '{}' WHERE \"Sequence\" = 2;";
            await cmd.ExecuteNonQueryAsync();
        }
        var tampered = await RunAsync("verify-audit");
        Assert.Equal(3, tampered.Code);
        Assert.Contains("Bản ghi số 2", tampered.Err);
    }

    [Fact]
    public async Task UnknownCommand_ExitsWith2_AndShowsUsage()
    {
        var r = await RunAsync("lam-gi-do");
        Assert.Equal(2, r.Code);
        Assert.Contains("Lệnh không hợp lệ: lam-gi-do", r.Err);
        Assert.Contains("create-admin", r.Err);
    }

    [Fact]
    public async Task Migrate_OnPostgreSQL_Works()
    {
        var name = $"uo_cli_{Guid.NewGuid():N}";
        await PostgresServer.ExecuteAsync($"CREATE DATABASE \"{name}\"");
        try
        {
            var cs = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = name }.ToString();
            var r = await RunAsync(["migrate"], ("Database__Provider", "PostgreSQL"), ("ConnectionStrings__Default", cs));
            Assert.True(r.Code == 0, r.Err);
            Assert.Contains("0001_initial", r.Out);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresServer.ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    [Fact]
    public async Task Misconfigured_PostgreSQL_WithoutConnectionString_FailsClearly()
    {
        var r = await RunAsync(["migrate"], ("Database__Provider", "PostgreSQL"), ("ConnectionStrings__Default", ""));
        Assert.NotEqual(0, r.Code);
        Assert.Contains("ConnectionStrings:Default", r.Err);
    }

    private Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => RunAsync(args, []);

    private async Task<(int Code, string Out, string Err)> RunAsync(string[] args, params (string, string)[] env)
    {
        var dll = Executable();
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_ENVIRONMENT"] = "Production";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["Database__Provider"] = "Sqlite";
        psi.Environment["ConnectionStrings__Default"] = $"Data Source={_db};Pooling=False";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["Storage__Root"] = Path.Combine(_data, "files");
        psi.Environment["Audit__AnchorDirectory"] = Path.Combine(_data, "audit-anchors");
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout, await stderr);
    }

    /// <summary>The product's executable as built beside the tests (same configuration).</summary>
    internal static string Executable()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBin.Parent!.Name;
        var dll = Path.Combine(RepositoryRoot(), "src", "UnionOffice", "bin", configuration, testBin.Name, "UnionOffice.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build src/UnionOffice first.", dll);
    }

    /// <summary>The repository's folder (where UnionOffice.slnx is), found from the tests' build output.</summary>
    internal static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "UnionOffice.slnx"))) root = root.Parent;
        return root?.FullName ?? throw new DirectoryNotFoundException("UnionOffice.slnx not found above " + AppContext.BaseDirectory);
    }
}
