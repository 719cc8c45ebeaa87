using Ssmd.Archiver;
using Ssmd.Archiver.Tools;

// `verify` and `read` are tools over the archive; anything else runs the archiver.
if (ArchiverCommands.IsCommand(args))
    return await ArchiverCommands.RunAsync(args, Console.Out);

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddArchiver();

var app = builder.Build();

// Instruments observe the journals; resolving them here creates every series at start-up.
app.Services.GetRequiredService<Ssmd.Archiver.Internal.ArchiverMetrics>();
app.MapDefaultEndpoints();
app.MapArchiverApi();

await app.RunAsync();
return 0;
