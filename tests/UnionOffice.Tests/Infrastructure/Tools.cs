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

    /// <summary>Runs the tool in a directory and returns its exit code with what it wrote.</summary>
    public static async Task<(int Code, string Output)> ExitAsync(string directory, string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await output + await error);
    }
}
