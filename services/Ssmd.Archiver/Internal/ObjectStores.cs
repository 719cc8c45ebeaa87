using Amazon.S3;
using Ssmd.ServiceDefaults;
using Ssmd.Storage;

namespace Ssmd.Archiver.Internal;

/// <summary>The object store the <c>archive</c> connection string names: an S3 endpoint or a local folder.</summary>
internal static class ObjectStores
{
    public static IObjectStore Create(IServiceProvider provider)
    {
        var settings = provider.GetRequiredService<ArchiveStoreSettings>();
        return settings.Kind == ArchiveStoreKind.S3
            ? new S3ObjectStore(provider.GetRequiredService<IAmazonS3>(), settings.ToString())
            : new FolderObjectStore(settings.FolderPath!);
    }
}
