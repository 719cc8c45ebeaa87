using System.Text.Json.Serialization;

namespace Ssmd.Capnp.Benchmarks;

/// <summary>Source-generated System.Text.Json metadata: the fastest JSON the platform offers, so the anchor is fair.</summary>
[JsonSerializable(typeof(TradeRecord))]
[JsonSerializable(typeof(BookRecord))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
