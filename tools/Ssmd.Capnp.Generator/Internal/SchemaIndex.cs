using Ssmd.Capnp.Generator.Schema;

namespace Ssmd.Capnp.Generator.Internal;

/// <summary>Nodes by id, their doc comments, and the C# name each struct, group and enum gets.</summary>
internal sealed class SchemaIndex
{
    private readonly Dictionary<ulong, NodeReader> _nodes = [];
    private readonly Dictionary<ulong, SourceInfoReader> _docs = [];
    private readonly Dictionary<ulong, string> _names = [];
    private readonly Dictionary<ulong, string> _simpleNames = [];

    public SchemaIndex(CodeGeneratorRequestReader request, string @namespace)
    {
        foreach (NodeReader node in request.Nodes)
        {
            _nodes[node.Id] = node;
        }

        foreach (SourceInfoReader info in request.SourceInfo)
        {
            _docs[info.Id] = info;
        }

        foreach (RequestedFileReader file in request.RequestedFiles)
        {
            foreach (NestedNodeReader nested in Node(file.Id).NestedNodes)
            {
                Name(nested.Id, $"global::{@namespace}", nested.Name);
            }
        }
    }

    public NodeReader Node(ulong id) =>
        _nodes.TryGetValue(id, out NodeReader node) ? node : throw new GeneratorException($"The request has no node 0x{id:x16}.");

    /// <summary>The fully qualified C# name (global::…) of a struct, group or enum.</summary>
    public string TypeName(ulong id) =>
        _names.TryGetValue(id, out string? name)
            ? name
            : throw new GeneratorException($"Node 0x{id:x16} ({Node(id).DisplayName}) is not declared in a requested file; imports are not supported.");

    public string SimpleName(ulong id) => _simpleNames[id];

    public string Doc(ulong id) => _docs.TryGetValue(id, out SourceInfoReader info) ? info.DocComment : "";

    public string MemberDoc(ulong id, int index)
    {
        if (!_docs.TryGetValue(id, out SourceInfoReader info))
        {
            return "";
        }

        IReadOnlyList<string> members = info.MemberDocComments;
        return index < members.Count ? members[index] : "";
    }

    public static string Pascal(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];

    private void Name(ulong id, string scope, string name)
    {
        string simple = Pascal(name);
        string full = $"{scope}.{simple}";
        _names[id] = full;
        _simpleNames[id] = simple;
        NodeReader node = Node(id);
        if (node.IsGeneric)
        {
            throw new GeneratorException($"{node.DisplayName} is generic; generics are not supported.");
        }

        foreach (NestedNodeReader nested in node.NestedNodes)
        {
            Name(nested.Id, full, nested.Name);
        }

        if (node.Which == NodeReader.Struct)
        {
            foreach (FieldReader field in node.Fields)
            {
                if (field.IsGroup)
                {
                    Name(field.GroupTypeId, full, field.Name);
                }
            }
        }
    }
}
