using System.Globalization;
using System.Text;

namespace UnionOffice.Pdf.Reading;

/// <summary>The objects of a PDF file as read (ISO 32000-1 §7.3). Numbers keep their text so they write back unchanged.</summary>
public abstract record PdfObject
{
    public abstract void WriteTo(StringBuilder sb);

    public sealed override string ToString()
    {
        var sb = new StringBuilder();
        WriteTo(sb);
        return sb.ToString();
    }
}

public sealed record PdfNull : PdfObject
{
    public static readonly PdfNull Instance = new();
    public override void WriteTo(StringBuilder sb) => sb.Append("null");
}

public sealed record PdfBool(bool Value) : PdfObject
{
    public override void WriteTo(StringBuilder sb) => sb.Append(Value ? "true" : "false");
}

public sealed record PdfNumber(string Text) : PdfObject
{
    public double Value => double.Parse(Text, NumberStyles.Float, CultureInfo.InvariantCulture);
    public long Integer => (long)Math.Round(Value);
    public static PdfNumber Of(double v) => new(Math.Round(v, 4).ToString("0.####", CultureInfo.InvariantCulture));
    public override void WriteTo(StringBuilder sb) => sb.Append(Text);
}

public sealed record PdfName(string Value) : PdfObject
{
    public override void WriteTo(StringBuilder sb)
    {
        sb.Append('/');
        foreach (var b in Encoding.UTF8.GetBytes(Value))
        {
            if (b is > 0x20 and < 0x7F && "#()<>[]{}/%".IndexOf((char)b) < 0) sb.Append((char)b);
            else sb.Append('#').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>A string as its bytes (literal or hex in the file); written back as hex.</summary>
public sealed record PdfString(byte[] Bytes) : PdfObject
{
    public override void WriteTo(StringBuilder sb) => sb.Append('<').Append(Convert.ToHexString(Bytes)).Append('>');
    public bool Equals(PdfString? other) => other is not null && Bytes.AsSpan().SequenceEqual(other.Bytes);
    public override int GetHashCode() => Bytes.Length;
}

public sealed record PdfRef(int Number, int Generation) : PdfObject
{
    public override void WriteTo(StringBuilder sb) => sb.Append(CultureInfo.InvariantCulture, $"{Number} {Generation} R");
}

public sealed record PdfArray(List<PdfObject> Items) : PdfObject
{
    public override void WriteTo(StringBuilder sb)
    {
        sb.Append('[');
        for (var i = 0; i < Items.Count; i++)
        {
            if (i > 0) sb.Append(' ');
            Items[i].WriteTo(sb);
        }
        sb.Append(']');
    }
}

public sealed record PdfDictionary(Dictionary<string, PdfObject> Entries) : PdfObject
{
    public PdfDictionary() : this(new Dictionary<string, PdfObject>(StringComparer.Ordinal)) { }

    public PdfObject? this[string key] => Entries.GetValueOrDefault(key);

    public PdfDictionary Copy() => new(new Dictionary<string, PdfObject>(Entries, StringComparer.Ordinal));

    public override void WriteTo(StringBuilder sb)
    {
        sb.Append("<<");
        foreach (var (k, v) in Entries)
        {
            new PdfName(k).WriteTo(sb);
            sb.Append(' ');
            v.WriteTo(sb);
            sb.Append(' ');
        }
        sb.Append(">>");
    }
}

/// <summary>A stream: its dictionary and its raw (still encoded) bytes.</summary>
public sealed record PdfStream(PdfDictionary Dictionary, byte[] Raw) : PdfObject
{
    public override void WriteTo(StringBuilder sb) => throw new InvalidOperationException("A stream is written as an indirect object.");
}

/// <summary>A file that is not a PDF we can read, with what is wrong in words a user can be given.</summary>
public sealed class PdfFormatException(string message) : Exception(message);
