namespace UnionOffice.Tests.Infrastructure;

/// <summary>poppler's pdfsig with a given root trusted (in a throw-away NSS database), and pdftotext, on PDF bytes.</summary>
public static class Pdfsig
{
    public static async Task<string> RunAsync(byte[] pdf, string rootPem, params string[] moreRoots)
    {
        var dir = Directory.CreateTempSubdirectory("uo-pdfsig-").FullName;
        try
        {
            var nss = Path.Combine(dir, "nss");
            Directory.CreateDirectory(nss);
            await Tools.RunAsync("certutil", "-N", "-d", $"sql:{nss}", "--empty-password");
            foreach (var (root, i) in moreRoots.Prepend(rootPem).Select((r, i) => (r, i)))
            {
                var pem = Path.Combine(dir, $"root{i}.pem");
                await File.WriteAllTextAsync(pem, root);
                await Tools.RunAsync("certutil", "-A", "-d", $"sql:{nss}", "-n", $"UnionOffice TEST CA {i}", "-t", "CT,C,C", "-a", "-i", pem);
            }
            var file = Path.Combine(dir, "doc.pdf");
            await File.WriteAllBytesAsync(file, pdf);
            return await Tools.RunAsync("pdfsig", "-nssdir", $"sql:{nss}", file);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public static async Task<string> TextAsync(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"uo-text-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            return await Tools.RunAsync("pdftotext", "-enc", "UTF-8", file, "-");
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static int Count(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;
}
