namespace Ssmd.Secmaster;

/// <summary>The secmaster database's schema cannot be used by this build.</summary>
public sealed class SecmasterSchemaException(string message) : Exception(message);
