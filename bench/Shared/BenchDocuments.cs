using System.Text.Json;
using UnionOffice.Pdf;

namespace UnionOffice.Benchmarks;

/// <summary>What the outgoing and exchange benches both need: the organ codes of the tree, and a three-page draft.</summary>
internal static class BenchDocuments
{
    /// <summary>Every organ code in the tree the API answers (`GET /api/v1/organizations`).</summary>
    public static IEnumerable<string> Codes(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var x in e.EnumerateArray()) foreach (var c in Codes(x)) yield return c;
        }
        else if (e.ValueKind == JsonValueKind.Object)
        {
            if (e.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String) yield return code.GetString()!;
            foreach (var p in e.EnumerateObject())
                if (p.Value.ValueKind is JsonValueKind.Array or JsonValueKind.Object) foreach (var c in Codes(p.Value)) yield return c;
        }
    }

    /// <summary>A công văn of three pages of Vietnamese text.</summary>
    public static byte[] Draft()
    {
        var pdf = new PdfComposer { Title = "Công văn" };
        for (var p = 0; p < 3; p++)
        {
            var page = pdf.AddPage();
            for (var l = 0; l < 40; l++) page.Text(60, 60 + l * 18, $"Dòng {l + 1}: Tổng Liên đoàn đề nghị các LĐLĐ tỉnh, thành phố triển khai Tháng Công nhân.", StandardFonts.Serif(), 11);
        }
        return pdf.ToArray();
    }
}
