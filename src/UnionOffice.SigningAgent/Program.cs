namespace UnionOffice.SigningAgent;

/// <summary>unionoffice-signing-agent --library &lt;pkcs11 .so/.dll&gt; --origin https://vanphong.example.vn [--origin …] [--port 51888]</summary>
internal static class AgentProgram
{
    public static async Task<int> Main(string[] args)
    {
        var options = new AgentOptions();
        for (var i = 0; i < args.Length - 1; i += 2)
        {
            switch (args[i])
            {
                case "--library": options.Library = args[i + 1]; break;
                case "--origin": options.AllowedOrigins.Add(args[i + 1].TrimEnd('/')); break;
                case "--port": options.Port = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"Tham số không rõ: {args[i]}"); return 2;
            }
        }
        if (options.Library.Length == 0 || options.AllowedOrigins.Count == 0)
        {
            Console.Error.WriteLine("Cách dùng: unionoffice-signing-agent --library <thư viện PKCS#11 của USB token> --origin <địa chỉ trang UnionOffice> [--port 51888]");
            return 2;
        }
        var app = AgentServer.Build(options, new ConsolePinPrompt());
        await app.StartAsync();
        Console.Error.WriteLine($"{AgentServer.Product} đang chạy tại {AgentServer.Address(app)} cho {string.Join(", ", options.AllowedOrigins)}. Ctrl+C để dừng.");
        await app.WaitForShutdownAsync();
        return 0;
    }
}
