using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace UnionOffice.EdXml.Tests;

/// <summary>Runs an outside tool (installed by .ci/run); a missing tool fails the test and says which package brings it.</summary>
internal static class Tool
{
    public static (int Exit, string Out, string Err) Run(string tool, string package, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var a in args) start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{tool} not found: install {package} (.ci/run does).", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
