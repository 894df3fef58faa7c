using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace UnionOffice.Tests.Infrastructure;

/// <summary>
/// Decompression bombs, made on the fly: small files that inflate to hundreds of megabytes, honest about it or lying
/// in their headers (review finding 3). Shared by the tests and by bench/UnionOffice.Bombs.Bench (linked there).
/// </summary>
public static class Bombs
{
    public const long Mb = 1024 * 1024;

    /// <summary>
    /// A well-formed DOCX whose document.xml is <paramref name="documentBytes"/> long (whitespace inside the body: it
    /// compresses about a thousand times). <paramref name="declare"/>: the uncompressed size written into the package's
    /// headers instead of the true one (a lying package).
    /// </summary>
    public static byte[] Docx(long documentBytes, long? declare = null)
    {
        const string head = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>Bom giải nén</w:t></w:r></w:p>";
        const string tail = "</w:body></w:document>";
        return Package(declare, ("word/document.xml", documentBytes, head, tail),
            ("[Content_Types].xml", 0, """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""", ""),
            ("_rels/.rels", 0, """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>""", ""));
    }

    /// <summary>An XLSX whose first sheet's XML is <paramref name="sheetBytes"/> long (a header row, then whitespace).</summary>
    /// <param name="rows">The sheet's first rows as XML (a header "fullName" by default).</param>
    public static byte[] Xlsx(long sheetBytes, long? declare = null, string rows = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>fullName</t></is></c></row>")
    {
        var head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>" + rows;
        const string tail = "</sheetData></worksheet>";
        return Package(declare, ("xl/worksheets/sheet1.xml", sheetBytes, head, tail),
            ("[Content_Types].xml", 0, """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""", ""),
            ("_rels/.rels", 0, """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""", ""),
            ("xl/workbook.xml", 0, """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>""", ""),
            ("xl/_rels/workbook.xml.rels", 0, """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""", ""));
    }

    /// <summary>
    /// A PDF whose cross-reference stream inflates to <paramref name="inflated"/> bytes of zeros: reading the file at all
    /// means inflating it.
    /// </summary>
    public static byte[] Pdf(long inflated)
    {
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true)) Zeros(z, inflated);
        using var pdf = new MemoryStream();
        void Text(string s) => pdf.Write(Encoding.ASCII.GetBytes(s));
        Text("%PDF-1.5\n");
        var at = pdf.Position;
        Text($"1 0 obj\n<< /Type /XRef /Size 2 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length {compressed.Length} >>\nstream\n");
        pdf.Write(compressed.ToArray());
        Text($"\nendstream\nendobj\nstartxref\n{at}\n%%EOF\n");
        return pdf.ToArray();
    }

    /// <summary>A PNG header declaring <paramref name="width"/> × <paramref name="height"/> pixels, with a tiny body.</summary>
    public static byte[] Png(int width, int height)
    {
        var png = new MemoryStream();
        png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)height);
        ihdr[8] = 8; // 8-bit grey
        Chunk(png, "IHDR", ihdr);
        using (var body = new MemoryStream())
        {
            using (var z = new ZLibStream(body, CompressionLevel.SmallestSize, leaveOpen: true)) z.Write(new byte[4096]);
            Chunk(png, "IDAT", body.ToArray());
        }
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var len = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(len, (uint)data.Length);
        s.Write(len);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        s.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        s.Write(crc);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return crc ^ 0xFFFFFFFFu;
    }

    private static byte[] Package(long? declare, (string Name, long Bytes, string Head, string Tail) big, params (string Name, long Bytes, string Head, string Tail)[] small)
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var p in small.Prepend(big))
            {
                using var e = zip.CreateEntry(p.Name, CompressionLevel.SmallestSize).Open();
                var head = Encoding.UTF8.GetBytes(p.Head);
                var tail = Encoding.UTF8.GetBytes(p.Tail);
                e.Write(head);
                if (p.Bytes > 0) Spaces(e, p.Bytes - head.Length - tail.Length);
                e.Write(tail);
            }
        }
        var bytes = ms.ToArray();
        if (declare is { } lie) Declare(bytes, big.Name, (uint)lie);
        return bytes;
    }

    /// <summary>Writes <paramref name="size"/> as the uncompressed size of the entry in its local and central headers.</summary>
    private static void Declare(byte[] zip, string name, uint size)
    {
        var n = Encoding.UTF8.GetBytes(name);
        for (var i = 0; i + 46 + n.Length <= zip.Length; i++)
        {
            var sig = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            if (sig == 0x04034b50 && zip.AsSpan(i + 30, n.Length).SequenceEqual(n)) BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 22), size);
            if (sig == 0x02014b50 && zip.AsSpan(i + 46, n.Length).SequenceEqual(n)) BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), size);
        }
    }

    private static void Spaces(Stream s, long count) => Fill(s, count, (byte)' ');

    private static void Zeros(Stream s, long count) => Fill(s, count, 0);

    private static void Fill(Stream s, long count, byte value)
    {
        var block = new byte[1024 * 1024];
        Array.Fill(block, value);
        for (var left = count; left > 0; left -= block.Length) s.Write(block, 0, (int)Math.Min(block.Length, left));
    }
}
