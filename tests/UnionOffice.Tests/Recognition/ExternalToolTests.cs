using System.Diagnostics;
using UnionOffice.Modules.Recognition;

namespace UnionOffice.Tests.Recognition;

public sealed class ExternalToolTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Arguments_GoOneByOne_NeverThroughAShell()
    {
        var marker = Path.Combine(Path.GetTempPath(), $"uo-shell-{Guid.NewGuid():N}");
        var output = await ExternalTool.RunAsync("printf", ["%s|", "a b", $"; touch {marker}", "$(touch " + marker + ")", "Đọc lập"], Long, CancellationToken.None);
        Assert.Equal($"a b|; touch {marker}|$(touch {marker})|Đọc lập|", output.StandardOutput);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task NonZeroExit_CarriesTheToolsErrorOutput()
    {
        var e = await Assert.ThrowsAsync<ExternalToolException>(() =>
            ExternalTool.RunAsync("sh", ["-c", "echo 'không đọc được tệp' >&2; exit 3"], Long, CancellationToken.None));
        Assert.Equal(ExternalToolFailure.ExitCode, e.Failure);
        Assert.Equal(3, e.ExitCode);
        Assert.Contains("không đọc được tệp", e.Message);
    }

    [Fact]
    public async Task AMissingTool_IsReportedAsSuch()
    {
        Assert.False(ExternalTool.Exists("/nonexistent/tesseract"));
        Assert.False(ExternalTool.Exists("uo-no-such-tool"));
        Assert.True(ExternalTool.Exists("sh"));
        var e = await Assert.ThrowsAsync<ExternalToolException>(() => ExternalTool.RunAsync("/nonexistent/tesseract", [], Long, CancellationToken.None));
        Assert.Equal(ExternalToolFailure.NotFound, e.Failure);
    }

    [Fact]
    public async Task Timeout_KillsTheWholeProcessTree()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"uo-child-{Guid.NewGuid():N}");
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<ExternalToolException>(() =>
            ExternalTool.RunAsync("sh", ["-c", $"sleep 60 & echo $! > {pidFile}; wait"], TimeSpan.FromSeconds(1), CancellationToken.None));
        Assert.Equal(ExternalToolFailure.TimedOut, e.Failure);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        var child = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        File.Delete(pidFile);
        await Task.Delay(200);
        Assert.False(IsRunning(child), "the tool's child process (sleep) should have been killed with it");
    }

    [Fact]
    public async Task Cancellation_KillsTheTool_AndSurfacesAsCancellation()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ExternalTool.RunAsync("sleep", ["60"], Long, cts.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20));
    }

    /// <summary>Alive, not a zombie waiting to be reaped (in a container nobody may reap an orphan).</summary>
    private static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat)) return false;
        try
        {
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }
}
