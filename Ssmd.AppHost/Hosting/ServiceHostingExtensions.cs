using Ssmd.Environments;

namespace Ssmd.AppHost.Hosting;

/// <summary>What every ssmd .NET service gets from the AppHost, whatever it does.</summary>
internal static class ServiceHostingExtensions
{
    public static IResourceBuilder<ProjectResource> AddSsmdService<TProject>(
        this IDistributedApplicationBuilder builder, string name, SsmdEnvironment environment)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name)
            .WithHttpEndpoint()
            .WithHttpHealthCheck("/health")
            .WithEnvironment("Ssmd__Environment", environment.Name)
            // With this variable and no collector listening (the dashboard stops first, and tests have
            // none), a service takes ~16 s to exit instead of ~1.6 s (aspire-here.md §5). Removing it is
            // the only fix: other values crash the OTLP exporter.
            .WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"));
}
