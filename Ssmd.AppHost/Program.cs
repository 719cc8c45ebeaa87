using Ssmd.AppHost.Hosting;
using Ssmd.Environments;

var builder = DistributedApplication.CreateBuilder(args);

SsmdEnvironment environment;
try
{
    environment = builder.LoadSsmdEnvironment();
}
catch (SsmdEnvironmentException e)
{
    // The file, line, column and rule of every problem; a stack trace would only hide them.
    Console.Error.WriteLine(e.Message);
    return 2;
}

var data = SsmdDataDirectory.Resolve(builder);

// Infrastructure
var nats = builder.AddSsmdNats("nats", data);
var secmaster = builder.AddSsmdPostgres("postgres", "secmaster", data);
var archive = builder.AddSsmdArchive("archive", [environment.Storage.Raw.Bucket, environment.Storage.Normalized.Bucket], data);
var temporal = builder.AddSsmdTemporal("temporal");

// Ingest
var kalshisim = environment.Feed.Source == FeedSource.Simulator
    ? builder.AddSsmdService<Projects.Ssmd_KalshiSim>("kalshisim", environment).WithSsmdReplay(environment)
    : null;

// The connector's WebSocket and REST hosts come from the environment, or from the simulator by service discovery.
var connector = builder.AddSsmdService<Projects.Ssmd_Connector>("connector", environment)
    .WithReference(nats).WaitFor(nats);
if (kalshisim is not null)
{
    connector.WithReference(kalshisim).WaitFor(kalshisim);
}

// Archive: JetStream to the object store. Its journal holds what it acknowledged until a flush files it,
// so it lives in the data folder (a persistent volume when deployed).
var archiver = builder.AddSsmdService<Projects.Ssmd_Archiver>("archiver", environment)
    .WithReference(nats).WaitFor(nats)
    .WithReference(archive).WaitFor(archive);
if (!builder.ExecutionContext.IsPublishMode)
{
    archiver.WithEnvironment("Archiver__WorkDirectory", data.For("archiver"));
}

// Serving
builder.AddSsmdService<Projects.Ssmd_Gateway>("gateway", environment)
    .WithReference(nats).WaitFor(nats)
    .WithReference(secmaster).WaitFor(secmaster);

// Operations: the security master's sync (Temporal's daily workflows come later)
var worker = builder.AddSsmdService<Projects.Ssmd_Worker>("worker", environment)
    .WithReference(nats).WaitFor(nats)
    .WithReference(secmaster).WaitFor(secmaster);
if (kalshisim is not null)
{
    worker.WithReference(kalshisim).WaitFor(kalshisim);
}

builder.Build().Run();
return 0;
