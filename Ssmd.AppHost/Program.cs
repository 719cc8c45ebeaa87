using Ssmd.AppHost.Hosting;

var builder = DistributedApplication.CreateBuilder(args);
var environment = builder.LoadSsmdEnvironment();
SsmdDataDirectory? data = null;
SsmdDataDirectory Data() => data ??= SsmdDataDirectory.Resolve(builder);

// Infrastructure
var nats = builder.AddSsmdNats("nats", Data);
var secmaster = builder.AddSsmdPostgres("postgres", "secmaster", Data);
var archive = builder.AddSsmdArchive("archive", [environment.Storage.Raw.Bucket, environment.Storage.Normalized.Bucket], Data);
var temporal = builder.AddSsmdTemporal("temporal");

// Serving
builder.AddSsmdService<Projects.Ssmd_Gateway>("gateway", environment)
    .WithReference(nats).WaitFor(nats)
    .WithReference(secmaster).WaitFor(secmaster);

builder.Build().Run();
