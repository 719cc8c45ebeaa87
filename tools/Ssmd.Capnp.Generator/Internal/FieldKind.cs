namespace Ssmd.Capnp.Generator.Internal;

/// <summary>How a field is read and built.</summary>
internal enum FieldKind
{
    Void,
    Bool,
    Primitive,
    Enum,
    Text,
    Data,
    Struct,
    List,
    Group,
}
