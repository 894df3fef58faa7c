using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UnionOffice.Modules.Exchange;
using UnionOffice.Modules.Signing;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Exchange;

/// <summary>
/// Two UnionOffice installations on loopback, each with its own database (the Confederation's on PostgreSQL, Nghệ An's on
/// SQLite), its own demo CA and its own HTTPS certificate, knowing each other as peers: the Confederation serves I02,
/// Nghệ An serves I02.36 and the organs below it. Each trusts the other's CA (as an operator would add a partner's
/// root) and pins the other's HTTPS certificate. Their outbox workers are run by the tests.
/// </summary>
public sealed class TwoInstallations : IAsyncLifetime
{
    public const string Secret = "khoa-bi-mat-chung-giua-hai-he-thong-2026";

    /// <summary>
    /// A third installation the Confederation knows (Hải Phòng's, serving I02.31 and — overlapping Nghệ An's, as a
    /// misconfigured or moved organ would — I02.36.01); it never runs: the tests speak as it, to try what a peer may say.
    /// </summary>
    public const string ThirdName = "haiphong", ThirdSecret = "khoa-rieng-cua-hai-phong-2026";
    private readonly X509Certificate2 _tldCert = SelfSigned("tld.test");
    private readonly X509Certificate2 _ngheAnCert = SelfSigned("nghean.test");

    public TwoInstallations() => (Tld, NgheAn) = Create();

    private (PostgresAppFixture Tld, SqliteAppFixture NgheAn) Create()
    {
        var (tldHttp, tldHttps, naHttp, naHttps) = (FreePort(), FreePort(), FreePort(), FreePort());
        return (
            new PostgresAppFixture
            {
                Sockets = (tldHttp, tldHttps, _tldCert),
                InstanceSettings = [.. Peer("tld", ["I02"], "nghean", naHttps, _ngheAnCert, ["I02.36", "I02.36.*"]),
                    new("Exchange:Peers:1:Name", ThirdName), new("Exchange:Peers:1:Endpoint", "https://127.0.0.1:9/"), new("Exchange:Peers:1:Secret", ThirdSecret),
                    new("Exchange:Peers:1:Organs:0", "I02.31"), new("Exchange:Peers:1:Organs:1", "I02.36.01")],
            },
            new SqliteAppFixture
            {
                Sockets = (naHttp, naHttps, _ngheAnCert),
                InstanceSettings = Peer("nghean", ["I02.36", "I02.36.*"], "tld", tldHttps, _tldCert, ["I02"]),
            });
    }

    /// <summary>The Confederation's installation (serves I02).</summary>
    public PostgresAppFixture Tld { get; private set; }

    /// <summary>Nghệ An's own installation (serves I02.36 and below).</summary>
    public SqliteAppFixture NgheAn { get; private set; }

    public async Task InitializeAsync()
    {
        // Each installation must know the other's port before it starts, so the ports are chosen free beforehand; one
        // may be taken before Kestrel binds it (the local port of some outgoing connection): then both start again on
        // new ones.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Tld.InitializeAsync();
                await NgheAn.InitializeAsync();
                break;
            }
            catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException && attempt < 5)
            {
                await DisposeInstallationsAsync();
                (Tld, NgheAn) = Create();
            }
        }
        // Each trusts the other's CA: documents signed there verify here.
        var tldRoot = await Tld.WithDbAsync(db => db.TrustAnchors.Where(a => a.IsTest).Select(a => a.Certificate).FirstAsync());
        var naRoot = await NgheAn.WithDbAsync(db => db.TrustAnchors.Where(a => a.IsTest).Select(a => a.Certificate).FirstAsync());
        await Tld.WithDbAsync(async db => { db.TrustAnchors.Add(new TrustAnchor("CA của LĐLĐ Nghệ An", naRoot, isTest: false, DateTimeOffset.UtcNow)); return await db.SaveChangesAsync(); });
        await NgheAn.WithDbAsync(async db => { db.TrustAnchors.Add(new TrustAnchor("CA của Tổng Liên đoàn", tldRoot, isTest: false, DateTimeOffset.UtcNow)); return await db.SaveChangesAsync(); });
    }

    public async Task DisposeAsync()
    {
        await DisposeInstallationsAsync();
        _tldCert.Dispose();
        _ngheAnCert.Dispose();
    }

    private async Task DisposeInstallationsAsync()
    {
        await ((IAsyncLifetime)Tld).DisposeAsync();
        await ((IAsyncLifetime)NgheAn).DisposeAsync();
    }

    /// <summary>Runs an installation's exchange once: statuses of handling to report, then the outbox.</summary>
    public static async Task<OutboxRun> RunOutboxAsync(AppFixture installation)
    {
        await using var scope = installation.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<StatusReporter>().RunOnceAsync(default);
        return await scope.ServiceProvider.GetRequiredService<OutboxSender>().RunOnceAsync(default);
    }

    private static KeyValuePair<string, string>[] Peer(string me, string[] served, string peer, int peerHttps, X509Certificate2 peerCert, string[] peerOrgans)
    {
        var list = new List<KeyValuePair<string, string>>
        {
            new("Exchange:InstallationId", me),
            new("Exchange:Peers:0:Name", peer),
            new("Exchange:Peers:0:Endpoint", $"https://127.0.0.1:{peerHttps}/"),
            new("Exchange:Peers:0:Secret", Secret),
            new("Exchange:Peers:0:CertificateSha256", Convert.ToHexString(SHA256.HashData(peerCert.RawData))),
            new("Exchange:RequestTimeout", "00:00:30"),
        };
        list.AddRange(served.Select((s, i) => new KeyValuePair<string, string>($"Exchange:Served:{i}", s)));
        list.AddRange(peerOrgans.Select((s, i) => new KeyValuePair<string, string>($"Exchange:Peers:0:Organs:{i}", s)));
        return [.. list];
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = RSA.Create(2048);
        var req = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName(name);
        req.CertificateExtensions.Add(san.Build());
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        // Exported and loaded again: an ephemeral key cannot serve TLS on every platform.
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }
}
