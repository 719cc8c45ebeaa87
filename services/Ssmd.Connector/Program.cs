using Ssmd.Connector;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddConnector();

var app = builder.Build();

// Instruments observe ConnectorStats; resolving them here creates every series at start-up.
app.Services.GetRequiredService<Ssmd.Connector.Internal.ConnectorMetrics>();
app.MapDefaultEndpoints();

app.Run();
