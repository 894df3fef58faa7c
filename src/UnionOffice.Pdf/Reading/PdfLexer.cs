using System.Text;

namespace UnionOffice.Pdf.Reading;

/// <summary>Reads PDF objects from bytes (ISO 32000-1 §7.2–7.3). Bounded nesting, so hostile input cannot exhaust the stack.</summary>
internal sealed class PdfLexer(byte[] data, int position = 0)
{
    private const int MaxDepth = 64;
    public int Position { get; set; } = position;
    public byte[] Data => data;

    public static bool IsWhite(byte b) => b is 0 or 9 or 10 or 12 or 13 or 32;
    public static bool IsDelimiter(byte b) => b is (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%';

    public void SkipWhite()
    {
        while (Position < data.Length)
        {
            var b = data[Position];
            if (IsWhite(b)) Position++;
            else if (b == '%') { while (Position < data.Length && data[Position] is not (10 or 13)) Position++; }
            else break;
        }
    }

    /// <summary>A bare token (keyword or number) at the position, without consuming it if <paramref name="peek"/>.</summary>
    public string Token(bool peek = false)
    {
        SkipWhite();
        var start = Position;
        var end = start;
        while (end < data.Length && !IsWhite(data[end]) && !IsDelimiter(data[end])) end++;
        if (!peek) Position = end;
        return Encoding.ASCII.GetString(data, start, end - start);
    }

    public PdfObject ReadObject(int depth = 0)
    {
        if (depth > MaxDepth) throw new PdfFormatException("Cấu trúc PDF lồng nhau quá sâu.");
        SkipWhite();
        if (Position >= data.Length) throw new PdfFormatException("Tệp PDF bị cắt cụt.");
        var b = data[Position];
        switch (b)
        {
            case (byte)'/': Position++; return new PdfName(NameBody());
            case (byte)'(': Position++; return new PdfString(LiteralString());
            case (byte)'[':
                {
                    Position++;
                    var items = new List<PdfObject>();
                    while (true)
                    {
                        SkipWhite();
                        if (Position >= data.Length) throw new PdfFormatException("Mảng PDF không kết thúc.");
                        if (data[Position] == ']') { Position++; return new PdfArray(items); }
                        items.Add(ReadObject(depth + 1));
                    }
                }
            case (byte)'<':
                if (Position + 1 < data.Length && data[Position + 1] == '<')
                {
                    Position += 2;
                    var dict = new PdfDictionary();
                    while (true)
                    {
                        SkipWhite();
                        if (Position + 1 >= data.Length) throw new PdfFormatException("Từ điển PDF không kết thúc.");
                        if (data[Position] == '>' && data[Position + 1] == '>') { Position += 2; return dict; }
                        if (ReadObject(depth + 1) is not PdfName key) throw new PdfFormatException("Khóa của từ điển PDF không phải là tên.");
                        dict.Entries[key.Value] = ReadObject(depth + 1);
                    }
                }
                Position++;
                return new PdfString(HexString());
        }
        var token = Token();
        if (token.Length == 0) throw new PdfFormatException($"Ký tự không hợp lệ trong PDF tại vị trí {Position}.");
        switch (token)
        {
            case "true": return new PdfBool(true);
            case "false": return new PdfBool(false);
            case "null": return PdfNull.Instance;
        }
        if (!IsNumber(token)) throw new PdfFormatException($"Từ khóa \"{Truncate(token)}\" không hợp lệ trong PDF.");
        // "n g R" is a reference: look ahead without consuming if it is not.
        var save = Position;
        if (IsInteger(token))
        {
            var gen = Token();
            if (IsInteger(gen) && Token() == "R") return new PdfRef(int.Parse(token), int.Parse(gen));
            Position = save;
        }
        return new PdfNumber(token);
    }

    private static string Truncate(string s) => s.Length > 20 ? s[..20] + "…" : s;

    public static bool IsInteger(string t) => t.Length is > 0 and < 11 && (t[0] is '+' or '-' ? t.Length > 1 && t[1..].All(char.IsAsciiDigit) : t.All(char.IsAsciiDigit));

    private static bool IsNumber(string t) => t.Length is > 0 and < 40 && t.All(c => char.IsAsciiDigit(c) || c is '.' or '-' or '+') && t.Any(char.IsAsciiDigit);

    private string NameBody()
    {
        var bytes = new List<byte>();
        while (Position < data.Length && !IsWhite(data[Position]) && !IsDelimiter(data[Position]))
        {
            var c = data[Position++];
            if (c == '#' && Position + 1 < data.Length && Uri.IsHexDigit((char)data[Position]) && Uri.IsHexDigit((char)data[Position + 1]))
            {
                bytes.Add(Convert.ToByte(Encoding.ASCII.GetString(data, Position, 2), 16));
                Position += 2;
            }
            else bytes.Add(c);
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private byte[] LiteralString()
    {
        var bytes = new List<byte>();
        var depth = 1;
        while (Position < data.Length)
        {
            var c = data[Position++];
            if (c == '\\' && Position < data.Length)
            {
                var e = data[Position++];
                switch (e)
                {
                    case (byte)'n': bytes.Add(10); break;
                    case (byte)'r': bytes.Add(13); break;
                    case (byte)'t': bytes.Add(9); break;
                    case (byte)'b': bytes.Add(8); break;
                    case (byte)'f': bytes.Add(12); break;
                    case 13: if (Position < data.Length && data[Position] == 10) Position++; break;
                    case 10: break;
                    default:
                        if (e is >= (byte)'0' and <= (byte)'7')
                        {
                            var v = e - '0';
                            for (var i = 0; i < 2 && Position < data.Length && data[Position] is >= (byte)'0' and <= (byte)'7'; i++) v = v * 8 + (data[Position++] - '0');
                            bytes.Add((byte)v);
                        }
                        else bytes.Add(e);
                        break;
                }
                continue;
            }
            if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return bytes.ToArray();
            bytes.Add(c);
        }
        throw new PdfFormatException("Chuỗi PDF không kết thúc.");
    }

    private byte[] HexString()
    {
        var hex = new StringBuilder();
        while (Position < data.Length && data[Position] != '>')
        {
            var c = (char)data[Position++];
            if (Uri.IsHexDigit(c)) hex.Append(c);
            else if (!IsWhite((byte)c)) throw new PdfFormatException("Chuỗi hex PDF có ký tự không hợp lệ.");
        }
        if (Position >= data.Length) throw new PdfFormatException("Chuỗi hex PDF không kết thúc.");
        Position++;
        if (hex.Length % 2 == 1) hex.Append('0');
        return Convert.FromHexString(hex.ToString());
    }
}
