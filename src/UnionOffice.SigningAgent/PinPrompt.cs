namespace UnionOffice.SigningAgent;

/// <summary>What the person is asked to confirm with their PIN: which site asks, which certificate, for what.</summary>
/// <param name="Count">How many documents the one PIN signs (a batch, ký lô).</param>
public sealed record PinQuestion(string Origin, string TokenLabel, string Signer, string Description, int Count);

/// <summary>
/// Asks the person at this computer for the token's PIN. The page never sees the PIN: it is typed here, into the agent,
/// and goes only to the token. Null: the person declined.
/// </summary>
public interface IPinPrompt
{
    Task<string?> AskAsync(PinQuestion question, CancellationToken ct);
}

/// <summary>
/// The terminal's prompt: what is to be signed, then the PIN typed without echo; an empty line declines. One question
/// at a time (a second page waits its turn).
/// </summary>
public sealed class ConsolePinPrompt : IPinPrompt
{
    private readonly SemaphoreSlim _one = new(1, 1);

    public async Task<string?> AskAsync(PinQuestion question, CancellationToken ct)
    {
        await _one.WaitAsync(ct);
        try
        {
            Console.Error.WriteLine();
            Console.Error.WriteLine($"Trang {question.Origin} đề nghị ký số {(question.Count > 1 ? $"{question.Count} văn bản" : "văn bản")}:");
            Console.Error.WriteLine($"  {question.Description}");
            Console.Error.WriteLine($"  bằng chứng thư của {question.Signer} trên thiết bị “{question.TokenLabel}”.");
            Console.Error.Write("Nhập mã PIN để ký (bỏ trống rồi Enter để từ chối): ");
            var pin = await Task.Run(ReadHidden, ct);
            Console.Error.WriteLine();
            return string.IsNullOrEmpty(pin) ? null : pin;
        }
        finally
        {
            _one.Release();
        }
    }

    private static string ReadHidden()
    {
        if (Console.IsInputRedirected) return Console.ReadLine() ?? "";
        var pin = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) return pin.ToString();
            if (key.Key == ConsoleKey.Backspace) { if (pin.Length > 0) pin.Length--; continue; }
            if (!char.IsControl(key.KeyChar)) pin.Append(key.KeyChar);
        }
    }
}
