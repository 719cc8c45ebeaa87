using System.Text.Json;

namespace Ssmd.Archiver.Tools;

/// <summary>Enum values by the name <c>schemas/ssmd.capnp</c> gives them (lowerCamel), as the read and export tools print them.</summary>
internal static class SchemaNames
{
    /// <summary>The enumerant's schema name; a value this build does not know is given as its number.</summary>
    public static string Of<T>(T value)
        where T : struct, Enum
    {
        var text = value.ToString();
        return char.IsLetter(text[0]) ? JsonNamingPolicy.CamelCase.ConvertName(text) : text;
    }
}
