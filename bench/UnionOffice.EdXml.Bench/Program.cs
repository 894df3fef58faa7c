using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using UnionOffice.EdXml;
using UnionOffice.EdXml.Bench;

// edXML throughput and memory (issue 5's targets: write and read of a message with a 10 MB attachment ≥ 100 MB/s
// each; memory flat from 10 to 200 MB). Run in Release:
//   dotnet run -c Release --project bench/UnionOffice.EdXml.Bench -- [iterations]
// Throughput is attachment bytes (decoded) per second; the message on the wire is 4/3 of it plus the envelope.
var iterations = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 40;
const int Mb = 1024 * 1024;
Console.WriteLine($"edXML bench {DateTime.Now:yyyy-MM-dd HH:mm}; .NET {Environment.Version}; {Environment.ProcessorCount} cores; " +
    $"server GC {System.Runtime.GCSettings.IsServerGC}; load average {Load()}");

var document = Sample.Document(new EdXmlAttachmentInfo("cid:1", "van-ban.pdf", "application/pdf"));
var content = new byte[10 * Mb];
new Random(5).NextBytes(content);
using var rsa = RSA.Create(2048);
using var certificate = new CertificateRequest("CN=Văn thư, O=Tổng Liên đoàn Lao động Việt Nam", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
    .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
var signing = new EdXmlWriterOptions { SigningCertificate = certificate };

var output = new MemoryStream(16 * Mb);
async Task<byte[]> WriteAsync(EdXmlWriterOptions? options)
{
    output.Position = 0;
    output.SetLength(0);
    await EdXmlWriter.WriteAsync(output, document, (_, _) => ValueTask.FromResult<Stream>(new MemoryStream(content, writable: false)), options);
    return output.GetBuffer();
}
var plain = (await WriteAsync(null))[..(int)output.Length];
var signed = (await WriteAsync(signing))[..(int)output.Length];
Console.WriteLine($"Message: {plain.Length / (double)Mb:0.00} MB on the wire for a {content.Length / Mb} MB attachment; {iterations} iterations after warm-up");

async Task ReadAsync(byte[] message, bool expectSignature)
{
    var result = await EdXmlReader.ReadAsync(new MemoryStream(message, writable: false), EdXmlAttachmentSinks.Discard);
    if (result.Attachments[0].Length != content.Length || (expectSignature && result.Signature?.IsValid != true))
        throw new InvalidOperationException("read back wrong");
}

Stats.Print("write, 10 MB attachment", await Stats.MeasureAsync(iterations, () => WriteAsync(null)), content.Length);
Stats.Print("read, 10 MB attachment", await Stats.MeasureAsync(iterations, () => ReadAsync(plain, false)), content.Length);
Stats.Print("write signed (RSA-2048), 10 MB", await Stats.MeasureAsync(iterations, () => WriteAsync(signing)), content.Length);
Stats.Print("read + verify signature, 10 MB", await Stats.MeasureAsync(iterations, () => ReadAsync(signed, true)), content.Length);

Console.WriteLine();
Console.WriteLine("Memory, attachment streamed from a generator to a file, then from the file to a hashing sink that discards:");
Console.WriteLine($"{"attachment",-11} {"phase",-6} {"allocated",10} {"peak heap +",12} {"peak WS +",10} {"MB/s",7}");
foreach (var size in new[] { 10L, 50L, 200L })
{
    var file = Path.Combine(Path.GetTempPath(), $"edxml-bench-{size}.edxml");
    try
    {
        var big = Sample.Document(new EdXmlAttachmentInfo("cid:big", "ban-quet.pdf", "application/pdf"));
        var write = await MemoryProbe.RunAsync(async probe =>
        {
            await using var fs = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
            await EdXmlWriter.WriteAsync(fs, big, (_, _) => ValueTask.FromResult<Stream>(new GeneratorStream(size * Mb, probe)));
        });
        var read = await MemoryProbe.RunAsync(async probe =>
        {
            await using var fs = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            var result = await EdXmlReader.ReadAsync(fs, EdXmlAttachmentSinks.From(_ => new ProbeStream(probe)));
            if (result.Attachments[0].Length != size * Mb) throw new InvalidOperationException("read back wrong");
        });
        write.Print($"{size} MB", "write", size * Mb);
        read.Print($"{size} MB", "read", size * Mb);
    }
    finally
    {
        File.Delete(file);
    }
}
Console.WriteLine($"Process peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (double)Mb:0} MB (includes the 10 MB throughput runs' buffers); load average {Load()}");

static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
