namespace Ssmd.Capnp.Generator;

/// <summary>One generated C# file: its name (relative to the output folder) and text.</summary>
/// <param name="Name">File name, e.g. <c>Trade.g.cs</c>.</param>
/// <param name="Content">The C# source (LF line endings).</param>
public sealed record GeneratedFile(string Name, string Content);
