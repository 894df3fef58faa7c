using System.Security.Cryptography;
using System.Text;

namespace UnionOffice.EdXml.Tests;

/// <summary>The real samples (Samples/README.md), embedded.</summary>
internal static class Samples
{
    public const string New = "edoc_new.edxml";
    public const string Update = "edoc_update.edxml";
    public const string Status = "status_processing_05.edxml";

    public static byte[] Bytes(string name)
    {
        using var s = typeof(Samples).Assembly.GetManifestResourceStream("UnionOffice.EdXml.Tests.Samples." + name)
            ?? throw new InvalidOperationException("Missing sample " + name);
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    public static string Text(string name) => Encoding.UTF8.GetString(Bytes(name));
}

/// <summary>Messages to write, and the write → read plumbing of the tests.</summary>
internal static class Messages
{
    public static EdXmlOrgan Organ(string id, string name) =>
        new(id, name, "Tổng Liên đoàn Lao động Việt Nam", "Số 82 Trần Hưng Đạo, Hoàn Kiếm, Hà Nội", "vanthu@congdoan.vn", "024 3942 1621", "024 3942 1622", "congdoan.vn");

    public static EdXmlDocument Document(params EdXmlAttachmentInfo[] attachments) => new()
    {
        From = Organ("I02", "Tổng Liên đoàn Lao động Việt Nam"),
        To = [Organ("I02.36", "LĐLĐ tỉnh Nghệ An"), Organ("000.00.00.H41", "UBND tỉnh Nghệ An") with { OrganizationInCharge = null }],
        DocumentId = "I02,2026/03/05,123/TLĐ-VP",
        Code = new EdXmlCode("123", "TLĐ-VP"),
        Promulgation = new EdXmlPromulgationInfo("Hà Nội", new DateOnly(2026, 3, 5)),
        DocumentType = new EdXmlDocumentType(1, 0, "Công văn"),
        Subject = "V/v triển khai Tháng Công nhân năm 2026 & \"An toàn\" <lao động>",
        Content = "Đề nghị các LĐLĐ tỉnh, thành phố triển khai.\nDòng hai.",
        Signer = new EdXmlSignerInfo("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Phan Văn Anh"),
        DueDate = new DateOnly(2026, 4, 30),
        ToPlaces = ["Như trên", "Lưu: VT, VP."],
        OtherInfo = new EdXmlOtherInfo
        {
            Priority = 2, SphereOfPromulgation = "Liên thông văn bản quốc gia", TyperNotation = "NVA", PromulgationAmount = 3,
            PageAmount = 2, Direction = true, Appendixes = ["Phụ lục I: Kế hoạch", "Phụ lục II: Biểu mẫu"],
        },
        ResponseFor = [new EdXmlResponseFor("000.00.00.G22", "000.00.00.G22,2026/02/01,45/VPCP-KGVX", "45/VPCP-KGVX", new DateOnly(2026, 2, 1))],
        SteeringType = 1,
        Trace = new EdXmlTraceHeaderList(
            [new EdXmlTraceHeader("I02", new DateTime(2026, 3, 5, 14, 30, 15))],
            new EdXmlBusiness
            {
                DocType = EdXmlBusinessDocType.Replace,
                DocumentId = "I02,2026/03/05,123/TLĐ-VP",
                Reason = "Thay thế văn bản 120/TLĐ-VP",
                Paper = 0,
                StaffInfo = new EdXmlStaffInfo("Văn phòng", "Nguyễn Thị Lan", "lan@congdoan.vn", "0912345678"),
                DocumentInfo = new EdXmlBusinessDocumentInfo(1, 1, [new EdXmlReceiver("I02.36", 0), new EdXmlReceiver("I02.01", 1)]),
                Replacements = [new EdXmlReplacementInfo("I02,2026/03/01,120/TLĐ-VP", ["I02.36", "I02.01"])],
            }),
        Attachments = EquatableList.From(attachments),
    };

    public static EdXmlAttachmentInfo Attachment(int i, string type = "application/pdf") =>
        new($"cid:{i}", $"tệp-{i}.pdf", type, $"Tệp số {i}");

    public static EdXmlStatus Status() => new()
    {
        From = Organ("I02.36", "LĐLĐ tỉnh Nghệ An"),
        ResponseFor = new EdXmlResponseFor("I02", "I02,2026/03/05,123/TLĐ-VP", "123/TLĐ-VP", new DateOnly(2026, 3, 5)),
        StaffInfo = new EdXmlStaffInfo("Văn phòng", "Trần Văn Bình", "binh@nghean.congdoan.vn", "0987654321"),
        StatusCode = EdXmlStatusCode.Accepted,
        Description = "Đã tiếp nhận, vào sổ số 45",
        Timestamp = new DateTime(2026, 3, 6, 8, 0, 1),
    };

    public static byte[] Content(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Writes <paramref name="document"/> with the given contents (by ContentId) to bytes.</summary>
    public static async Task<byte[]> WriteAsync(EdXmlDocument document, IReadOnlyDictionary<string, byte[]> contents, EdXmlWriterOptions? options = null)
    {
        using var output = new MemoryStream();
        await EdXmlWriter.WriteAsync(output, document, (a, _) => ValueTask.FromResult<Stream>(new MemoryStream(contents[a.ContentId])), options);
        return output.ToArray();
    }

    public static async Task<byte[]> WriteAsync(EdXmlStatus status, EdXmlWriterOptions? options = null)
    {
        using var output = new MemoryStream();
        await EdXmlWriter.WriteAsync(output, status, options);
        return output.ToArray();
    }

    public static Task<EdXmlReadResult> ReadAsync(byte[] bytes, EdXmlReaderOptions? options = null, IEdXmlAttachmentSink? sink = null) =>
        EdXmlReader.ReadAsync(new MemoryStream(bytes), sink ?? EdXmlAttachmentSinks.InMemory(), options);

    public static Task<EdXmlReadResult> ReadAsync(string xml, EdXmlReaderOptions? options = null) => ReadAsync(Encoding.UTF8.GetBytes(xml), options);

    public static async Task<EdXmlFormatException> RefusedAsync(string xml, EdXmlReaderOptions? options = null) =>
        await Assert.ThrowsAsync<EdXmlFormatException>(() => ReadAsync(xml, options));

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

/// <summary>Deterministic pseudo-random bytes of a given length, made as they are read: a large attachment that is never in memory.</summary>
internal sealed class GeneratorStream(long length, ulong seed = 0x9E3779B97F4A7C15) : Stream
{
    private ulong _state = seed;
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - _position);
        for (var i = 0; i < n; i++)
        {
            // xorshift64
            _state ^= _state << 13;
            _state ^= _state >> 7;
            _state ^= _state << 17;
            buffer[i] = (byte)_state;
        }
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
