using NpgsqlTypes;

namespace Ssmd.Secmaster.Internal;

/// <summary>A column of <c>markets</c> that the sync writes and records in history when it changes.</summary>
/// <param name="Name">The column (and history field) name.</param>
/// <param name="JsonName">The key of the Kalshi Market object it comes from.</param>
/// <param name="SqlType">Its PostgreSQL type.</param>
/// <param name="DbType">Its Npgsql type for binary COPY.</param>
/// <param name="Value">Reads it from a parsed row.</param>
/// <param name="Required">The exchange's schema requires it: absence is counted as bad data.</param>
internal sealed record MarketColumn(string Name, string JsonName, string SqlType, NpgsqlDbType DbType, Func<MarketRow, object?> Value, bool Required);
