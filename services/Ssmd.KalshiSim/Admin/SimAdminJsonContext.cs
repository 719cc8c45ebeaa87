using System.Text.Json.Serialization;

namespace Ssmd.KalshiSim.Admin;

/// <summary>JSON metadata of the admin bodies (snake_case like the rest of the API).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SimGroundTruth))]
internal sealed partial class SimAdminJsonContext : JsonSerializerContext;
