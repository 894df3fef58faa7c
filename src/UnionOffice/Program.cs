using UnionOffice.Commands;
using UnionOffice.Hosting;

// One executable: with no command it serves the web app and the API; otherwise it runs an administration command.
var command = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : null;
var hostArgs = command is null ? args : args[1..];
var builder = AppHost.CreateBuilder(command is null ? hostArgs : [.. hostArgs.Where(a => a.Contains('=', StringComparison.Ordinal) && a.StartsWith("--", StringComparison.Ordinal))]);
var app = builder.Build();
if (command is not null) return await CliCommands.RunAsync(app, command, hostArgs);

await Startup.PrepareAsync(app);
AppHost.Configure(app);
await app.RunAsync();
return 0;

public partial class Program;
