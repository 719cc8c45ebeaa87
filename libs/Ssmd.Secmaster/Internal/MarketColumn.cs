using Npgsql;
using NpgsqlTypes;

namespace Ssmd.Secmaster.Internal;

/// <summary>A column of <c>markets</c> that the sync writes and records in history when it changes.</summary>
/// <param name="Name">The column (and history field) name.</param>
/// <param name="JsonName">The key of the Kalshi Market object it comes from.</param>
/// <param name="SqlType">Its PostgreSQL type.</param>
/// <param name="Required">The exchange's schema requires it: absence is counted as bad data.</param>
/// <param name="Write">Writes it from a parsed row into a binary COPY, typed (no boxing, no per-value type lookup).</param>
internal sealed record MarketColumn(string Name, string JsonName, string SqlType, bool Required,
    Func<NpgsqlBinaryImporter, MarketRow, CancellationToken, Task> Write)
{
    public static MarketColumn Text(string name, string jsonName, Func<MarketRow, string?> get, bool required, string sqlType = "text", NpgsqlDbType dbType = NpgsqlDbType.Text) =>
        new(name, jsonName, sqlType, required,
            (importer, row, cancellationToken) => get(row) is { } value ? importer.WriteAsync(value, dbType, cancellationToken) : importer.WriteNullAsync(cancellationToken));

    public static MarketColumn Of<T>(string name, string jsonName, string sqlType, NpgsqlDbType dbType, Func<MarketRow, T?> get, bool required)
        where T : struct =>
        new(name, jsonName, sqlType, required,
            (importer, row, cancellationToken) => get(row) is { } value ? importer.WriteAsync(value, dbType, cancellationToken) : importer.WriteNullAsync(cancellationToken));
}
