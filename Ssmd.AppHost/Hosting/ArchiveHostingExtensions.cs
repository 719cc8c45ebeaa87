using Microsoft.Extensions.Configuration;

namespace Ssmd.AppHost.Hosting;

/// <summary>
/// The <c>archive</c> object store. Run mode: <c>s3rver</c> as a local process, a plain folder when
/// <c>Ssmd:Archive:Folder</c> is set, or the user's own S3 when <c>ConnectionStrings:archive</c> is. Publish mode: a MinIO container whose keys are generated secret
/// parameters. Dependants get <c>ConnectionStrings__archive</c> as
/// <c>Endpoint=…;AccessKey=…;SecretKey=…</c> or <c>file:///…</c>.
/// </summary>
internal static class ArchiveHostingExtensions
{
    public static IResourceBuilder<IResourceWithConnectionString> AddSsmdArchive(
        this IDistributedApplicationBuilder builder, string name, IReadOnlyList<string> buckets, SsmdDataDirectory data)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            var accessKey = ParameterResourceBuilderExtensions.CreateGeneratedParameter(builder, $"{name}-access-key", secret: true,
                new GenerateParameterDefault { MinLength = 20, Special = false });
            var secretKey = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-secret-key", special: false);
            builder.AddResource(accessKey);
            builder.AddResource(secretKey);
            var minio = new MinioContainerResource(name, accessKey, secretKey);
            return builder.AddResource(minio)
                .WithImage("minio/minio", "RELEASE.2025-09-07T16-13-09Z")
                .WithImageRegistry("quay.io")
                .WithHttpEndpoint(targetPort: 9000, name: MinioContainerResource.ApiEndpointName)
                .WithHttpEndpoint(targetPort: 9001, name: "console")
                .WithVolume($"{name}-data", "/data")
                .WithEnvironment("MINIO_ROOT_USER", accessKey)
                .WithEnvironment("MINIO_ROOT_PASSWORD", secretKey)
                .WithArgs("server", "/data", "--console-address", ":9001");
        }

        // A real S3 or MinIO configured by the user replaces the local server.
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(name)))
        {
            return builder.AddConnectionString(name);
        }

        var folder = builder.Configuration["Ssmd:Archive:Folder"];
        if (!string.IsNullOrWhiteSpace(folder))
        {
            var path = Path.GetFullPath(folder);
            Directory.CreateDirectory(path);
            return builder.AddConnectionString(name, ReferenceExpression.Create($"{new Uri(path).AbsoluteUri}"));
        }

        var storage = data.For("archive");
        var s3rver = new S3rverResource(name, LocalTools.S3rver(builder.Configuration), storage);
        return builder.AddResource(s3rver)
            .WithHttpEndpoint(name: S3rverResource.HttpEndpointName, isProxied: false)
            .WithArgs(context =>
            {
                context.Args.Add("--directory");
                context.Args.Add(storage);
                context.Args.Add("--address");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--port");
                context.Args.Add(s3rver.HttpEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--silent");
                foreach (var bucket in buckets)
                {
                    context.Args.Add("--configure-bucket");
                    context.Args.Add(bucket);
                }
            })
            .WithIconName("Archive")
            // An unsigned GET / lists the buckets: 200 once s3rver serves requests.
            .WithHttpHealthCheck("/", endpointName: S3rverResource.HttpEndpointName);
    }
}
