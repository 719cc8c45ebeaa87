using System.Globalization;
using Ssmd.Capnp.Generator.Schema;

namespace Ssmd.Capnp.Generator.Internal;

/// <summary>The typed reader of a struct or group.</summary>
internal sealed partial class CSharpEmitter
{
    private void EmitReader(NodeReader node, List<FieldModel> fields, string full, bool hasUnion, int discriminantByte)
    {
        _w.Line($"/// <summary>Reads one {index.SimpleName(node.Id)} in place (zero-copy; valid while its message is loaded).</summary>");
        _w.Open($"public readonly struct Reader : {Runtime}.IStructReader<Reader>");
        _w.Line($"private readonly {Runtime}.StructReader _s;");
        _w.Line();
        _w.Line("/// <summary>Wraps an untyped struct.</summary>");
        _w.Line($"public Reader({Runtime}.StructReader reader) => _s = reader;");
        _w.Line();
        _w.Line("/// <summary>The untyped struct.</summary>");
        _w.Line($"public {Runtime}.StructReader Struct => _s;");
        if (hasUnion)
        {
            _w.Line();
            _w.Line("/// <summary>Which member of the unnamed union is set.</summary>");
            _w.Line($"public {full}.Which Which => ({full}.Which)_s.ReadUInt16({Int(discriminantByte)});");
        }

        foreach (FieldModel field in fields)
        {
            EmitReaderField(field, full, discriminantByte);
        }

        _w.Line();
        _w.Line("/// <summary>Wraps an untyped struct.</summary>");
        _w.Line($"public static Reader Create({Runtime}.StructReader reader) => new(reader);");
        _w.Close();
    }

    private void EmitReaderField(FieldModel field, string full, int discriminantByte)
    {
        string off = Int(field.Offset);

        // A pointer member of a union reads as empty unless it is the member set, so a reader that
        // skips the Which check never reinterprets another member's object.
        string guard = field.Discriminant is { } d && field.Kind is FieldKind.Struct or FieldKind.Text or FieldKind.Data or FieldKind.List
            ? $"_s.ReadUInt16({Int(discriminantByte)}) != {Int(d)} ? default : "
            : "";
        string? line = field.Kind switch
        {
            FieldKind.Void => null,
            FieldKind.Bool => $"public bool {field.Name} => _s.ReadBool({off}{field.DefaultArgument});",
            FieldKind.Primitive => $"public {field.CsType} {field.Name} => _s.Read{field.Method}({off}{field.DefaultArgument});",
            FieldKind.Enum => $"public {field.CsType} {field.Name} => ({field.CsType})_s.ReadUInt16({off}{field.DefaultArgument});",
            FieldKind.Text => field.PointerDefault is null
                ? $"public {Runtime}.Text {field.Name} => {guard}_s.ReadText({off});"
                : $"public {Runtime}.Text {field.Name} => {guard}_s.ReadText({off}, new {Runtime}.Text(s_{field.SchemaName}Default));",
            FieldKind.Data => field.PointerDefault is null
                ? $"public global::System.ReadOnlyMemory<byte> {field.Name} => {guard}_s.ReadData({off});"
                : $"public global::System.ReadOnlyMemory<byte> {field.Name} => {guard}_s.ReadData({off}, s_{field.SchemaName}Default);",
            FieldKind.Struct => $"public {field.CsType}.Reader {field.Name} => {guard}new(_s.ReadStruct({off}));",
            FieldKind.Group => $"public {index.TypeName(field.TypeId)}.Reader {field.Name} => new(_s);",
            FieldKind.List => ReaderList(field, off, guard),
            _ => throw new GeneratorException($"Unknown field kind {field.Kind}."),
        };
        if (line is null)
        {
            return;
        }

        _w.Line();
        _w.Summary(Describe(field, $"The {field.SchemaName} field."));
        _w.Line(line);
        if (field.Kind is FieldKind.Struct or FieldKind.Text or FieldKind.Data or FieldKind.List)
        {
            _w.Line();
            _w.Line($"/// <summary>True when {field.SchemaName} is set (its pointer is not null).</summary>");
            string selected = field.Discriminant is { } member ? $"_s.ReadUInt16({Int(discriminantByte)}) == {Int(member)} && " : "";
            _w.Line($"public bool Has{field.Name} => {selected}_s.HasPointer({off});");
        }
    }

    private static string ReaderList(FieldModel field, string off, string guard) => field.ElementKind switch
    {
        FieldKind.Bool => $"public {Runtime}.BoolList {field.Name} => {guard}_s.ReadBoolList({off});",
        FieldKind.Primitive or FieldKind.Enum => $"public {Runtime}.PrimitiveList<{field.CsType}> {field.Name} => {guard}_s.ReadList<{field.CsType}>({off});",
        FieldKind.Text => $"public {Runtime}.TextList {field.Name} => {guard}_s.ReadTextList({off});",
        FieldKind.Data => $"public {Runtime}.DataList {field.Name} => {guard}_s.ReadDataList({off});",
        FieldKind.Struct => $"public {Runtime}.StructList<{field.CsType}.Reader> {field.Name} => {guard}_s.ReadStructList<{field.CsType}.Reader>({off});",
        _ => throw new GeneratorException($"Unsupported list element {field.ElementKind}."),
    };

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
