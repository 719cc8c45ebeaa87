using System.Text.Json.Serialization;

namespace Ssmd.Storage.Internal;

/// <summary>Source-generated JSON for the manifest: camelCase, indented (people read it).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ArchiveManifest))]
internal sealed partial class ArchiveJsonContext : JsonSerializerContext;
