using Ssmd.Worker;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWorker();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
