using Ssmd.KalshiSim;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddKalshiSimulator();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapKalshiSimulator();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
