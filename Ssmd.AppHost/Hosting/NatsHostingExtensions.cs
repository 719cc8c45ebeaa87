namespace Ssmd.AppHost.Hosting;

/// <summary>
/// NATS with JetStream and a persistent store. Aspire.Hosting.Nats is not on this NuGet and there is
/// no container runtime here, so run mode starts Debian's <c>nats-server</c>; publish mode writes the
/// official container image.
/// </summary>
internal static class NatsHostingExtensions
{
    public static IResourceBuilder<IResourceWithConnectionString> AddSsmdNats(
        this IDistributedApplicationBuilder builder, string name, SsmdDataDirectory data)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
            builder.AddResource(password);
            var container = new NatsContainerResource(name, password);
            return builder.AddResource(container)
                .WithImage("library/nats", "2.10-alpine")
                .WithImageRegistry("docker.io")
                .WithEndpoint(targetPort: 4222, name: NatsContainerResource.ClientEndpointName, scheme: "tcp")
                .WithHttpEndpoint(targetPort: 8222, name: "monitor")
                .WithVolume($"{name}-data", "/data")
                .WithArgs(context =>
                {
                    context.Args.Add("--jetstream");
                    context.Args.Add("--store_dir");
                    context.Args.Add("/data");
                    context.Args.Add("--http_port");
                    context.Args.Add("8222");
                    context.Args.Add("--user");
                    context.Args.Add(NatsContainerResource.UserName);
                    context.Args.Add("--pass");
                    context.Args.Add(password);
                });
        }

        var store = data.For("nats");
        var nats = new NatsExecutableResource(name, LocalTools.NatsServer(builder.Configuration), store);
        return builder.AddResource(nats)
            .WithEndpoint(name: NatsExecutableResource.ClientEndpointName, scheme: "tcp", isProxied: false)
            .WithHttpEndpoint(name: NatsExecutableResource.MonitorEndpointName, isProxied: false)
            .WithArgs(context =>
            {
                context.Args.Add("--jetstream");
                context.Args.Add("--store_dir");
                context.Args.Add(store);
                context.Args.Add("--addr");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--port");
                context.Args.Add(nats.ClientEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--http_port");
                context.Args.Add(nats.MonitorEndpoint.Property(EndpointProperty.TargetPort));
            })
            // /healthz answers 200 only once JetStream is up, which is what every ssmd service needs.
            .WithHttpHealthCheck("/healthz", endpointName: NatsExecutableResource.MonitorEndpointName);
    }
}
