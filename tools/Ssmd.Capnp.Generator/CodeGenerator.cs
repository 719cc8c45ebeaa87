using Ssmd.Capnp.Generator.Internal;
using Ssmd.Capnp.Generator.Schema;

namespace Ssmd.Capnp.Generator;

/// <summary>
/// Turns a <c>CodeGeneratorRequest</c> (the message <c>capnp compile</c> sends a plugin) into C#:
/// one file per top-level struct or enum of each requested schema file, with a typed reader and
/// builder for every struct, group and union and a C# enum for every enum.
/// </summary>
public static class CodeGenerator
{
    /// <summary>Generates the files for every requested schema file, in a deterministic order.</summary>
    /// <param name="request">The framed CodeGeneratorRequest bytes.</param>
    /// <param name="namespace">The C# namespace of the generated types.</param>
    public static IReadOnlyList<GeneratedFile> Generate(ReadOnlyMemory<byte> request, string @namespace)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);

        // A large schema request can exceed the default 64 MiB traversal; it is trusted input.
        var message = MessageReader.Read(request, new ReaderOptions { TraversalLimitInWords = long.MaxValue / 2 });
        var root = new CodeGeneratorRequestReader(message.GetRoot());
        var index = new SchemaIndex(root, @namespace);
        var files = new List<GeneratedFile>();
        foreach (RequestedFileReader file in root.RequestedFiles)
        {
            string schemaName = Path.GetFileName(file.Filename);
            foreach (NestedNodeReader nested in index.Node(file.Id).NestedNodes)
            {
                NodeReader node = index.Node(nested.Id);
                if (node.Which == NodeReader.Interface)
                {
                    throw new GeneratorException($"{node.DisplayName}: interfaces are not supported (ssmd has no RPC).");
                }

                if (node.Which is not (NodeReader.Struct or NodeReader.Enum))
                {
                    // Constants and annotations carry nothing a reader or builder needs.
                    continue;
                }

                var emitter = new CSharpEmitter(index);
                files.Add(new GeneratedFile($"{SchemaIndex.Pascal(nested.Name)}.g.cs", emitter.EmitFile(schemaName, @namespace, node)));
            }
        }

        return files;
    }
}
