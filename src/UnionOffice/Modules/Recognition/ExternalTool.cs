using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace UnionOffice.Modules.Recognition;

/// <summary>Settings of the recognition tools (section "Recognition").</summary>
public sealed class RecognitionOptions
{
    /// <summary>The tesseract executable: a name looked up on PATH or a full path.</summary>
    public string Tesseract { get; set; } = "tesseract";
    /// <summary>pdftoppm of poppler-utils, which rasterises PDF pages for tesseract.</summary>
    public string Pdftoppm { get; set; } = "pdftoppm";
    /// <summary>pdftotext of poppler-utils, which reads the text layer of a PDF that has one.</summary>
    public string Pdftotext { get; set; } = "pdftotext";
    /// <summary>Tesseract language(s), e.g. "vie" or "vie+eng"; Debian package tesseract-ocr-vie.</summary>
    public string Language { get; set; } = "vie";
    /// <summary>Limit of one run of a tool (one page of OCR, one rasterisation).</summary>
    public int TimeoutSeconds { get; set; } = 120;
    /// <summary>OCR runs at once in this process; more wait their turn (OCR takes a whole core for seconds).</summary>
    public int MaxConcurrentRuns { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);
    /// <summary>Where rasterised pages are put while OCR reads them (removed after each run); the system's temp by default.</summary>
    public string? TempRoot { get; set; }
}

public enum ExternalToolFailure
{
    /// <summary>The executable is missing or cannot be run.</summary>
    NotFound,
    /// <summary>It ran and exited with a non-zero code (usually: it could not read its input).</summary>
    ExitCode,
    /// <summary>It ran out of time and was killed.</summary>
    TimedOut,
}

/// <summary>A tool ended badly: not found, non-zero exit (the message carries its stderr), or out of time.</summary>
public sealed class ExternalToolException(string message, ExternalToolFailure failure, int? exitCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    public ExternalToolFailure Failure { get; } = failure;
    public int? ExitCode { get; } = exitCode;
}

/// <param name="Truncated">The tool wrote more than it was allowed to: the output is its first part, and the tool was stopped.</param>
public sealed record ToolOutput(string StandardOutput, string StandardError, bool Truncated = false);

/// <summary>
/// Runs a command-line tool without a shell: the arguments go one by one through ArgumentList, so a file name can
/// never become a command. Standard output is read as UTF-8. On timeout or cancellation the whole process tree is
/// killed (tesseract may start helpers), and the caller gets an exception: cancellation as OperationCanceledException,
/// timeout, non-zero exit and a missing executable as ExternalToolException carrying the tool's stderr. Continuations
/// do not come back to the caller's context (ConfigureAwait(false)): a Blazor page may wait on it synchronously.
/// What a tool writes is read in chunks and kept only up to a limit (<c>maxOutputChars</c> of standard output, a few
/// thousand characters of its errors): a file that makes pdftotext print a gigabyte stops it there, rather than the
/// server's memory.
/// </summary>
public static class ExternalTool
{
    private const int MaxErrorChars = 2000;
    /// <summary>What a tool may write before it is stopped, unless the caller says otherwise: 4 million characters (8 MB).</summary>
    public const int DefaultMaxOutputChars = 4_000_000;

    public static async Task<ToolOutput> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout,
        CancellationToken ct, IReadOnlyDictionary<string, string>? environment = null, int maxOutputChars = DefaultMaxOutputChars)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            CreateNoWindow = true,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        if (environment is not null)
            foreach (var (k, v) in environment) psi.Environment[k] = v;

        using var process = new Process { StartInfo = psi };
        try
        {
            if (!process.Start()) throw new ExternalToolException($"{fileName} could not be started.", ExternalToolFailure.NotFound);
        }
        catch (Win32Exception e)
        {
            throw new ExternalToolException($"The tool \"{fileName}\" is not installed or cannot be run: {e.Message}", ExternalToolFailure.NotFound, inner: e);
        }
        process.StandardInput.Close(); // nothing to say; a tool waiting for input ends instead of hanging

        var truncated = false;
        var stdout = ReadBoundedAsync(process.StandardOutput, maxOutputChars, () =>
        {
            truncated = true;
            Kill(process); // it has said enough; the rest would only be thrown away
        });
        var stderr = ReadBoundedAsync(process.StandardError, MaxErrorChars * 4, null);
        using var timer = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            Task drained = Task.WhenAll(stdout, stderr); // the pipes close when the tree is gone
            await drained.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            ct.ThrowIfCancellationRequested();
            throw new ExternalToolException($"{Path.GetFileName(fileName)} did not finish within {timeout.TotalSeconds:0} s and was killed.", ExternalToolFailure.TimedOut);
        }
        var output = await stdout.ConfigureAwait(false);
        var error = await stderr.ConfigureAwait(false);
        if (truncated) return new ToolOutput(output, error, Truncated: true);
        if (process.ExitCode != 0)
            throw new ExternalToolException(
                $"{Path.GetFileName(fileName)} exited with code {process.ExitCode}: {Shorten(error.Trim())}", ExternalToolFailure.ExitCode, process.ExitCode);
        return new ToolOutput(output, error);
    }

    /// <summary>Whether the tool can be started (found on PATH or at its path, and executable).</summary>
    public static bool Exists(string fileName)
    {
        if (fileName.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(fileName))
            return IsExecutable(fileName);
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => IsExecutable(Path.Combine(dir, fileName)) || (OperatingSystem.IsWindows() && IsExecutable(Path.Combine(dir, fileName + ".exe"))));
    }

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path)) return false;
        if (OperatingSystem.IsWindows()) return true;
        return (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // ended on its own meanwhile
        }
        catch (Win32Exception)
        {
            // ended on its own meanwhile, or already being torn down
        }
    }

    /// <summary>
    /// The stream's text up to <paramref name="max"/> characters. Past it, <paramref name="overflow"/> is called once and
    /// reading stops (it stops the tool); without one, the rest is read and dropped, so the tool never blocks on a full pipe.
    /// </summary>
    private static async Task<string> ReadBoundedAsync(StreamReader reader, int max, Action? overflow)
    {
        var text = new StringBuilder();
        var buffer = new char[8192];
        int n;
        while ((n = await reader.ReadAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false)) > 0)
        {
            var keep = Math.Min(n, max - text.Length);
            if (keep > 0) text.Append(buffer, 0, keep);
            if (keep < n && overflow is not null)
            {
                overflow();
                break;
            }
        }
        return text.ToString();
    }

    private static string Shorten(string s) => s.Length <= MaxErrorChars ? s : s[..MaxErrorChars] + "…";
}
