using Microsoft.Extensions.Configuration;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ssmd.AppHost.Hosting;

/// <summary>
/// Temporal. No Temporal server can run on these machines, so in run mode <c>temporal</c> exists only
/// when <c>ConnectionStrings:temporal</c> points at an external one (<c>Endpoint=host:7233;Namespace=default</c>);
/// otherwise the AppHost says so once and services that need it use their local path. Publish mode:
/// the Temporal development server image with its state on a volume.
/// </summary>
internal static class TemporalHostingExtensions
{
    public static IResourceBuilder<IResourceWithConnectionString>? AddSsmdTemporal(this IDistributedApplicationBuilder builder, string name)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            var temporal = new TemporalContainerResource(name);
            return builder.AddResource(temporal)
                .WithImage("temporalio/temporal", "1.5.1")
                .WithImageRegistry("docker.io")
                .WithEndpoint(targetPort: 7233, name: TemporalContainerResource.GrpcEndpointName, scheme: "tcp")
                .WithHttpEndpoint(targetPort: 8233, name: "ui")
                .WithVolume($"{name}-data", "/data")
                .WithArgs("server", "start-dev", "--ip", "0.0.0.0", "--db-filename", "/data/temporal.db");
        }

        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(name)))
        {
            return builder.AddConnectionString(name);
        }

        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ssmd.AppHost").LogInformation(
                "No Temporal configured (ConnectionStrings:{Name} is empty): services that need Temporal run their daily steps locally. Set ConnectionStrings__{Name}=Endpoint=host:7233;Namespace=default to use one.",
                name, name);
            return Task.CompletedTask;
        });
        return null;
    }
}
