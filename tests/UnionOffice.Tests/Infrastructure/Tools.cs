using System.Diagnostics;

namespace UnionOffice.Tests.Infrastructure;

/// <summary>Outside command-line tools used as oracles (pdftotext, pdffonts, qpdf, pdfsig, openssl, certutil …).</summary>
public static class Tools
{
    /// <summary>Runs the tool with the arguments (no shell) and returns what it wrote, standard output then error.</summary>
    public static async Task<string> RunAsync(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return await output + await error;
    }
}
