namespace Ssmd.Connector;

/// <summary>The connector cannot go on (credentials refused, Kalshi unreachable for too long): it exits non-zero.</summary>
public sealed class ConnectorFatalException(string message, Exception? innerException = null) : Exception(message, innerException);
