using System.Globalization;

namespace Ssmd.Connector.Publishing;

/// <summary>
/// This process's run id: the first part of every raw <c>Nats-Msg-Id</c>, so ids are unique across
/// restarts and stable across retries of one publish within a run.
/// </summary>
internal sealed class ConnectorRun
{
    public ConnectorRun(TimeProvider time)
    {
        Id = time.GetUtcNow().ToString("yyyyMMddTHHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()));
    }

    public string Id { get; }
}
