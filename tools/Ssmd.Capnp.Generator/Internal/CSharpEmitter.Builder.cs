using Ssmd.Capnp.Generator.Schema;

namespace Ssmd.Capnp.Generator.Internal;

/// <summary>The typed builder of a struct or group.</summary>
internal sealed partial class CSharpEmitter
{
    private void EmitBuilder(NodeReader node, List<FieldModel> fields, string full, bool hasUnion, int discriminantByte)
    {
        _w.Line($"/// <summary>Builds one {index.SimpleName(node.Id)} in a message's segment (fields start at their defaults).</summary>");
        _w.Open($"public readonly struct Builder : {Runtime}.IStructBuilder<Builder>");
        _w.Line($"private readonly {Runtime}.StructBuilder _s;");
        _w.Line();
        _w.Line("/// <summary>Wraps an untyped struct builder.</summary>");
        _w.Line($"public Builder({Runtime}.StructBuilder builder) => _s = builder;");
        _w.Line();
        _w.Line("/// <summary>Words in the data section.</summary>");
        _w.Line($"public static ushort DataWords => {Int(node.DataWordCount)};");
        _w.Line();
        _w.Line("/// <summary>Pointers in the pointer section.</summary>");
        _w.Line($"public static ushort PointerCount => {Int(node.PointerCount)};");
        _w.Line();
        _w.Line("/// <summary>The untyped struct builder.</summary>");
        _w.Line($"public {Runtime}.StructBuilder Struct => _s;");
        if (hasUnion)
        {
            _w.Line();
            _w.Line("/// <summary>Which member of the unnamed union is set.</summary>");
            _w.Line($"public {full}.Which Which => ({full}.Which)_s.ReadUInt16({Int(discriminantByte)});");
        }

        foreach (FieldModel field in fields)
        {
            string select = field.Discriminant is { } d ? $"_s.WriteUInt16({Int(discriminantByte)}, {Int(d)}); " : "";
            EmitBuilderField(field, select);
        }

        _w.Line();
        _w.Line("/// <summary>Wraps an untyped struct builder.</summary>");
        _w.Line($"public static Builder Create({Runtime}.StructBuilder builder) => new(builder);");
        _w.Close();
    }

    private void EmitBuilderField(FieldModel field, string select)
    {
        string off = Int(field.Offset);
        string doc = Describe(field, $"The {field.SchemaName} field.");
        string selects = select.Length > 0 ? " Selects it in the union." : "";
        _w.Line();
        switch (field.Kind)
        {
            case FieldKind.Void:
                if (select.Length == 0)
                {
                    return;
                }

                _w.Summary($"{doc} Selects it in the union.");
                _w.Line($"public void Set{field.Name}() => {select.TrimEnd().TrimEnd(';')};");
                return;
            case FieldKind.Bool:
                Property(doc, selects, "bool", field.Name, $"_s.ReadBool({off}{field.DefaultArgument})", $"{select}_s.WriteBool({off}, value{field.DefaultArgument});");
                return;
            case FieldKind.Primitive:
                Property(doc, selects, field.CsType, field.Name, $"_s.Read{field.Method}({off}{field.DefaultArgument})", $"{select}_s.Write{field.Method}({off}, value{field.DefaultArgument});");
                return;
            case FieldKind.Enum:
                Property(doc, selects, field.CsType, field.Name, $"({field.CsType})_s.ReadUInt16({off}{field.DefaultArgument})", $"{select}_s.WriteUInt16({off}, (ushort)value{field.DefaultArgument});");
                return;
            case FieldKind.Text:
                _w.Summary($"{doc} Sets it from a string (encoded to UTF-8 in place).{selects}");
                _w.Line($"public void Set{field.Name}(global::System.ReadOnlySpan<char> value) {{ {select}_s.WriteText({off}, value); }}");
                _w.Line();
                _w.Summary($"{doc} Sets it from UTF-8 bytes.{selects}");
                _w.Line($"public void Set{field.Name}(global::System.ReadOnlySpan<byte> utf8) {{ {select}_s.WriteText({off}, utf8); }}");
                return;
            case FieldKind.Data:
                _w.Summary($"{doc} Sets its bytes.{selects}");
                _w.Line($"public void Set{field.Name}(global::System.ReadOnlySpan<byte> value) {{ {select}_s.WriteData({off}, value); }}");
                return;
            case FieldKind.Struct:
                _w.Summary($"{doc} Allocates it and returns its builder.{selects}");
                _w.Line($"public {field.CsType}.Builder Init{field.Name}() {{ {select}return _s.InitStruct<{field.CsType}.Builder>({off}); }}");
                return;
            case FieldKind.Group:
                string group = index.TypeName(field.TypeId);
                if (select.Length == 0)
                {
                    _w.Summary(doc);
                    _w.Line($"public {group}.Builder {field.Name} => new(_s);");
                }
                else
                {
                    _w.Summary($"{doc} Selects it in the union and returns its builder (its fields keep what was written before).");
                    _w.Line($"public {group}.Builder Init{field.Name}() {{ {select}return new(_s); }}");
                }

                return;
            case FieldKind.List:
                _w.Summary($"{doc} Allocates it with <paramref name=\"count\"/> elements.{selects}");
                _w.Line(BuilderList(field, off, select));
                return;
            default:
                throw new GeneratorException($"Unknown field kind {field.Kind}.");
        }
    }

    private void Property(string doc, string selects, string type, string name, string get, string set)
    {
        _w.Summary(doc + selects);
        _w.Open($"public {type} {name}");
        _w.Line($"get => {get};");
        _w.Line($"set {{ {set} }}");
        _w.Close();
    }

    private static string BuilderList(FieldModel field, string off, string select)
    {
        string head = $"(int count) {{ {select}return _s.";
        return field.ElementKind switch
        {
            FieldKind.Bool => $"public {Runtime}.BoolListBuilder Init{field.Name}{head}InitBoolList({off}, count); }}",
            FieldKind.Primitive or FieldKind.Enum => $"public {Runtime}.PrimitiveListBuilder<{field.CsType}> Init{field.Name}{head}InitList<{field.CsType}>({off}, count); }}",
            FieldKind.Text => $"public {Runtime}.PointerListBuilder Init{field.Name}{head}InitTextList({off}, count); }}",
            FieldKind.Data => $"public {Runtime}.PointerListBuilder Init{field.Name}{head}InitDataList({off}, count); }}",
            FieldKind.Struct => $"public {Runtime}.StructListBuilder<{field.CsType}.Builder> Init{field.Name}{head}InitStructList<{field.CsType}.Builder>({off}, count); }}",
            _ => throw new GeneratorException($"Unsupported list element {field.ElementKind}."),
        };
    }
}
