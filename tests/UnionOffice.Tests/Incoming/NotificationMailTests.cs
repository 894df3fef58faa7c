using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UnionOffice.Common;
using UnionOffice.Modules.Notifications;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Incoming;

/// <summary>The application with a mail server configured: a real SMTP exchange with a peer on loopback.</summary>
public sealed class MailAppFixture : SqliteAppFixture
{
    public SmtpPeer Smtp { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Mail:Host", "127.0.0.1"), new("Mail:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Mail:From", "vanphong@congdoan.test"), new("Mail:PublicUrl", "https://vpdt.congdoan.test"), new("Mail:RunJob", "false"),
    ];

    protected override async Task DisposeDatabaseAsync()
    {
        await Smtp.DisposeAsync();
        await base.DisposeDatabaseAsync();
    }
}

public sealed class NotificationMailTests(MailAppFixture app) : IClassFixture<MailAppFixture>
{
    private async Task<MailRun> RunAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationMailer>().RunAsync(default);
    }

    [Fact]
    public async Task Notification_IsMailed_Once_InVietnamese_ToPeopleWithAnAddress_AndRetriedAfterARefusal()
    {
        await app.WithDbAsync(async db =>
            await db.Users.Where(u => u.UserName == "nvan.ldld").ExecuteUpdateAsync(s => s.SetProperty(u => u.Email, "nvan@congdoan.test")));
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var id = (await (await clerk.PostJsonAsync("/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = "Tổng Liên đoàn Lao động Việt Nam", codeNumber = "77", codeNotation = "TLĐ-VP",
            issuedDate = Formats.Today(app.Clock).ToString("yyyy-MM-dd"), typeName = "Công văn", subject = "V/v đôn đốc báo cáo đoàn viên",
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        using var head = await app.ClientAsAsync("pstoan.ldld");

        app.Smtp.Refuse = true;
        (await head.PostJsonAsync($"/api/v1/incoming/{id}/direct", new { direction = "Đồng chí An chủ trì.", targets = new object[] { new { kind = "Lead", userName = "nvan.ldld" } } }))
            .EnsureSuccessStatusCode();
        var refused = await RunAsync();
        Assert.Equal((0, 1), (refused.Sent, refused.Failed));
        Assert.Empty(app.Smtp.Messages);

        app.Smtp.Refuse = false;
        var run = await RunAsync();
        Assert.Equal((1, 0), (run.Sent, run.Failed)); // only nvan has an address
        Assert.Equal((0, 0), ((await RunAsync()).Sent, 0));
        var (from, to, data) = Assert.Single(app.Smtp.Messages);
        Assert.Equal("<vanphong@congdoan.test>", from);
        Assert.Equal(["<nvan@congdoan.test>"], to);
        var message = Decode(data);
        Assert.Contains("Được giao chủ trì văn bản đến số", message);
        Assert.Contains($"https://vpdt.congdoan.test/incoming/{id}", message);
    }

    /// <summary>The subject and body as a reader sees them (encoded words and base64/quoted-printable undone).</summary>
    internal static string Decode(string raw)
    {
        var headerEnd = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = raw[..headerEnd];
        var body = raw[(headerEnd + 4)..];
        // Folded header lines joined, then every RFC 2047 encoded word (=?utf-8?B?…?=) decoded.
        var unfolded = System.Text.RegularExpressions.Regex.Replace(headers, "\r\n[ \t]+", " ");
        var subjectLine = unfolded.Split("\r\n").First(l => l.StartsWith("Subject:", StringComparison.Ordinal))["Subject:".Length..];
        var decodedSubject = System.Text.RegularExpressions.Regex.Replace(subjectLine.Replace("?= =?", "?==?", StringComparison.Ordinal), "=\\?utf-8\\?B\\?([^?]*)\\?=",
            m => Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[1].Value)), System.Text.RegularExpressions.RegexOptions.IgnoreCase).Trim();
        string decodedBody = headers.Contains("Content-Transfer-Encoding: base64", StringComparison.OrdinalIgnoreCase)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(body.Replace("\r\n", "", StringComparison.Ordinal)))
            : headers.Contains("quoted-printable", StringComparison.OrdinalIgnoreCase) ? QuotedPrintable(body) : body;
        return decodedSubject + "\n" + decodedBody;
    }

    private static string QuotedPrintable(string s)
    {
        var bytes = new List<byte>();
        s = s.Replace("=\r\n", "", StringComparison.Ordinal);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '=' && i + 2 < s.Length && Uri.IsHexDigit(s[i + 1]) && Uri.IsHexDigit(s[i + 2]))
            {
                bytes.Add(Convert.ToByte(s.Substring(i + 1, 2), 16));
                i += 2;
            }
            else bytes.AddRange(Encoding.UTF8.GetBytes(s[i].ToString()));
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
