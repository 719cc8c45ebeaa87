using System.Globalization;
using Ssmd.Capnp.Generator.Schema;

namespace Ssmd.Capnp.Generator.Internal;

/// <summary>What the emitter needs to know about one field, resolved from the schema.</summary>
internal sealed class FieldModel
{
    public required string Name { get; init; }

    public required string SchemaName { get; init; }

    public required string Doc { get; init; }

    public required FieldKind Kind { get; init; }

    /// <summary>C# type of a primitive or enum, or of the element of a list.</summary>
    public string CsType { get; init; } = "";

    /// <summary>Read/Write method suffix of a primitive (Int64…).</summary>
    public string Method { get; init; } = "";

    /// <summary>Byte offset (bit offset for Bool) in the data section, or the pointer index.</summary>
    public int Offset { get; init; }

    /// <summary>The default as a C# argument (", -1L"), empty when zero.</summary>
    public string DefaultArgument { get; init; } = "";

    /// <summary>Text/Data default bytes, null when none.</summary>
    public byte[]? PointerDefault { get; init; }

    /// <summary>Struct, enum or group type id.</summary>
    public ulong TypeId { get; init; }

    /// <summary>For lists: the element kind.</summary>
    public FieldKind ElementKind { get; init; }

    /// <summary>The union discriminant value, or null when not a union member.</summary>
    public ushort? Discriminant { get; init; }

    private static readonly Dictionary<ushort, (string CsType, string Method, int Size)> Primitives = new()
    {
        [TypeReader.Int8] = ("sbyte", "Int8", 1),
        [TypeReader.Int16] = ("short", "Int16", 2),
        [TypeReader.Int32] = ("int", "Int32", 4),
        [TypeReader.Int64] = ("long", "Int64", 8),
        [TypeReader.UInt8] = ("byte", "UInt8", 1),
        [TypeReader.UInt16] = ("ushort", "UInt16", 2),
        [TypeReader.UInt32] = ("uint", "UInt32", 4),
        [TypeReader.UInt64] = ("ulong", "UInt64", 8),
        [TypeReader.Float32] = ("float", "Float32", 4),
        [TypeReader.Float64] = ("double", "Float64", 8),
    };

    public static FieldModel From(SchemaIndex index, string owner, FieldReader field, string doc)
    {
        string name = SchemaIndex.Pascal(field.Name);
        ushort? discriminant = field.DiscriminantValue == FieldReader.NoDiscriminant ? null : field.DiscriminantValue;
        if (field.IsGroup)
        {
            return new FieldModel { Name = name, SchemaName = field.Name, Doc = doc, Kind = FieldKind.Group, TypeId = field.GroupTypeId, Discriminant = discriminant };
        }

        TypeReader type = field.Type;
        ValueReader value = field.DefaultValue;
        bool hasDefault = field.HadExplicitDefault;
        int offset = (int)field.Offset;
        string where = $"{owner}.{field.Name}";
        switch (type.Which)
        {
            case TypeReader.Void:
                return new FieldModel { Name = name, SchemaName = field.Name, Doc = doc, Kind = FieldKind.Void, Discriminant = discriminant };
            case TypeReader.Bool:
                return new FieldModel
                {
                    Name = name, SchemaName = field.Name, Doc = doc, Kind = FieldKind.Bool, CsType = "bool", Offset = offset,
                    DefaultArgument = hasDefault && value.Bool ? ", true" : "", Discriminant = discriminant,
                };
            case TypeReader.Enum:
                return new FieldModel
                {
                    Name = name, SchemaName = field.Name, Doc = doc, Kind = FieldKind.Enum, CsType = index.TypeName(type.TypeId), Method = "UInt16",
                    Offset = offset * 2, TypeId = type.TypeId, Discriminant = discriminant,
                    DefaultArgument = hasDefault && value.UInt16 != 0 ? $", {value.UInt16.ToString(CultureInfo.InvariantCulture)}" : "",
                };
            case TypeReader.Text or TypeReader.Data:
                byte[]? pointerDefault = null;
                if (hasDefault && value.HasPointer)
                {
                    pointerDefault = type.Which == TypeReader.Text ? value.Text.Span.ToArray() : value.Data.ToArray();
                }

                return new FieldModel
                {
                    Name = name, SchemaName = field.Name, Doc = doc, Kind = type.Which == TypeReader.Text ? FieldKind.Text : FieldKind.Data,
                    Offset = offset, PointerDefault = pointerDefault, Discriminant = discriminant,
                };
            case TypeReader.Struct:
                RejectPointerDefault(hasDefault, value, where);
                return new FieldModel { Name = name, SchemaName = field.Name, Doc = doc, Kind = FieldKind.Struct, Offset = offset, TypeId = type.TypeId, CsType = index.TypeName(type.TypeId), Discriminant = discriminant };
            case TypeReader.List:
                RejectPointerDefault(hasDefault, value, where);
                return List(index, name, field.Name, doc, offset, type.ElementType, discriminant, where);
            default:
                if (Primitives.TryGetValue(type.Which, out var primitive))
                {
                    return new FieldModel
                    {
                        Name = name, SchemaName = field.Name, Doc = doc, Kind = FieldKind.Primitive, CsType = primitive.CsType, Method = primitive.Method,
                        Offset = offset * primitive.Size, Discriminant = discriminant,
                        DefaultArgument = hasDefault ? DefaultLiteral(type.Which, value) : "",
                    };
                }

                throw new GeneratorException($"{where}: interfaces and AnyPointer are not supported.");
        }
    }

    private static FieldModel List(SchemaIndex index, string name, string schemaName, string doc, int offset, TypeReader element, ushort? discriminant, string where)
    {
        (FieldKind kind, string csType, ulong typeId) = element.Which switch
        {
            TypeReader.Bool => (FieldKind.Bool, "bool", 0UL),
            TypeReader.Enum => (FieldKind.Enum, index.TypeName(element.TypeId), element.TypeId),
            TypeReader.Text => (FieldKind.Text, "", 0UL),
            TypeReader.Data => (FieldKind.Data, "", 0UL),
            TypeReader.Struct => (FieldKind.Struct, index.TypeName(element.TypeId), element.TypeId),
            _ when Primitives.TryGetValue(element.Which, out var p) => (FieldKind.Primitive, p.CsType, 0UL),
            _ => throw new GeneratorException($"{where}: lists of Void, lists of lists, interfaces and AnyPointer are not supported."),
        };
        return new FieldModel
        {
            Name = name, SchemaName = schemaName, Doc = doc, Kind = FieldKind.List, Offset = offset, ElementKind = kind, CsType = csType,
            TypeId = typeId, Discriminant = discriminant,
        };
    }

    private static void RejectPointerDefault(bool hasDefault, ValueReader value, string where)
    {
        if (hasDefault && value.HasPointer)
        {
            throw new GeneratorException($"{where}: default values of struct and list fields are not supported.");
        }
    }

    private static string DefaultLiteral(ushort which, ValueReader value)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        string literal = which switch
        {
            TypeReader.Int8 => ((sbyte)value.Byte).ToString(c),
            TypeReader.UInt8 => value.Byte.ToString(c),
            TypeReader.Int16 => ((short)value.UInt16).ToString(c),
            TypeReader.UInt16 => value.UInt16.ToString(c),
            TypeReader.Int32 => ((int)value.UInt32).ToString(c),
            TypeReader.UInt32 => value.UInt32.ToString(c) + "U",
            TypeReader.Int64 => ((long)value.UInt64).ToString(c) + "L",
            TypeReader.UInt64 => value.UInt64.ToString(c) + "UL",
            TypeReader.Float32 => value.UInt32 == 0 ? "0" : $"global::System.BitConverter.UInt32BitsToSingle(0x{value.UInt32:X8}U)",
            _ => value.UInt64 == 0 ? "0" : $"global::System.BitConverter.UInt64BitsToDouble(0x{value.UInt64:X16}UL)",
        };
        return literal == "0" || literal == "0U" || literal == "0L" || literal == "0UL" ? "" : ", " + literal;
    }
}
