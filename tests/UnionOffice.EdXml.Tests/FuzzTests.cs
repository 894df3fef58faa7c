using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace UnionOffice.EdXml.Tests;

/// <summary>
/// Mutated messages (byte flips, truncations, elements duplicated, removed, swapped, junk inserted), a few thousand with
/// a fixed seed: the reader either returns a model or throws <see cref="EdXmlFormatException"/> — nothing else, and it
/// always finishes.
/// </summary>
public partial class FuzzTests
{
    private const int Iterations = 4000;

    [Fact]
    public async Task Read_MutatedMessages_ReturnAModelOrThrowEdXmlFormatException()
    {
        var bases = await BasesAsync();
        var random = new Random(20260305);
        var failures = new List<string>();
        var outcomes = new Dictionary<string, int>();

        var run = Task.Run(async () =>
        {
            for (var i = 0; i < Iterations; i++)
            {
                var (name, bytes) = bases[i % bases.Count];
                var (mutation, mutated) = Mutate(bytes, random);
                string outcome;
                try
                {
                    await EdXmlReader.ReadAsync(new MemoryStream(mutated), EdXmlAttachmentSinks.Discard);
                    outcome = "read";
                }
                catch (EdXmlFormatException e)
                {
                    outcome = e.Code;
                    Assert.False(string.IsNullOrWhiteSpace(e.Message));
                }
                catch (Exception e)
                {
                    outcome = "other";
                    if (failures.Count < 10) failures.Add($"#{i} {name} {mutation}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                }
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
        });
        // A reader that loops for ever fails here instead of hanging the suite.
        await run.WaitAsync(TimeSpan.FromMinutes(5));

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        // The mutations must reach the reader's checks, not only its XML parser.
        Assert.True(outcomes.GetValueOrDefault("read") > 100, string.Join(", ", outcomes));
        Assert.True(outcomes.Keys.Count(k => k.StartsWith("EDXML_", StringComparison.Ordinal)) >= 6, string.Join(", ", outcomes));
    }

    private static async Task<List<(string, byte[])>> BasesAsync()
    {
        using var rsa = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=Fuzz", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var contents = new Dictionary<string, byte[]> { ["cid:1"] = Messages.Content(3000, 1), ["cid:2"] = Messages.Content(10, 2) };
        var document = Messages.Document(Messages.Attachment(1), Messages.Attachment(2));
        return
        [
            (Samples.New, Samples.Bytes(Samples.New)),
            (Samples.Update, Samples.Bytes(Samples.Update)),
            (Samples.Status, Samples.Bytes(Samples.Status)),
            ("own", await Messages.WriteAsync(document, contents)),
            ("own-signed", await Messages.WriteAsync(document, contents, new EdXmlWriterOptions { SigningCertificate = certificate })),
            ("own-status-signed", await Messages.WriteAsync(Messages.Status(), new EdXmlWriterOptions { SigningCertificate = certificate })),
            ("hand", Encoding.UTF8.GetBytes(Xml.Document)),
        ];
    }

    private static readonly string[] Junk =
        ["<", ">", "&", "&amp;", "&#0;", "&#xFFFE;", "]]>", "<![CDATA[", "<!--", "<!DOCTYPE x>", "<?pi?>", "\"", "'", "\0", "\uFFFF",
         "<edXML:To><edXML:OrganId>I02</edXML:OrganId></edXML:To>", "<edXML:Signature/>", "xmlns:edXML=\"http://www.go.vn/eDoc\"",
         "=", "==", "*", "\u00e9", "\ud800", "<x:y/>", "</edXML:MessageHeader>", "<Attachment><ContentId>cid:209</ContentId></Attachment>"];

    private static (string, byte[]) Mutate(byte[] original, Random random)
    {
        // Most mutations go to the envelope, where the reader's own checks are; the base64 gets its share too.
        var text = Encoding.UTF8.GetString(original);
        var attachments = text.IndexOf("<AttachmentEncoded", StringComparison.Ordinal);
        var envelopeEnd = attachments > 0 ? Encoding.UTF8.GetByteCount(text.AsSpan(0, attachments)) : original.Length;
        int Position() => random.NextDouble() < 0.8 ? random.Next(envelopeEnd) : random.Next(original.Length);
        switch (random.Next(7))
        {
            case 0:
            {
                var bytes = (byte[])original.Clone();
                var flips = random.Next(1, 8);
                for (var k = 0; k < flips; k++) bytes[Position()] ^= (byte)(1 << random.Next(8));
                return ($"flip×{flips}", bytes);
            }
            case 1:
            {
                var at = Position();
                return ($"truncate@{at}", original[..at]);
            }
            case 2 or 3 or 4:
            {
                var elements = Element().Matches(text);
                if (elements.Count == 0) goto case 0;
                var m = elements[random.Next(elements.Count)];
                var kind = random.Next(3);
                var mutated = kind switch
                {
                    0 => text.Insert(m.Index + m.Length, m.Value),
                    1 => text.Remove(m.Index, m.Length),
                    _ => Swap(text, m, elements[random.Next(elements.Count)]),
                };
                return ($"{(kind == 0 ? "duplicate" : kind == 1 ? "remove" : "swap")} {m.Groups[1].Value}", Encoding.UTF8.GetBytes(mutated));
            }
            default:
            {
                var at = Math.Min(random.Next(attachments > 0 ? attachments : text.Length), text.Length);
                var junk = Junk[random.Next(Junk.Length)];
                return ($"insert '{junk}'@{at}", Encoding.UTF8.GetBytes(text.Insert(at, junk)));
            }
        }
    }

    private static string Swap(string text, Match a, Match b)
    {
        if (a.Index > b.Index) (a, b) = (b, a);
        if (a.Index + a.Length > b.Index) return text; // nested: leave as is
        return text[..a.Index] + b.Value + text[(a.Index + a.Length)..b.Index] + a.Value + text[(b.Index + b.Length)..];
    }

    // An element with its content, without nested elements of the same name (good enough for mutation).
    [GeneratedRegex(@"<((?:edXML:)?[A-Za-z]+)\b[^>]*>(?:(?!<\1\b).){0,2000}?</\1>", RegexOptions.Singleline)]
    private static partial Regex Element();
}
