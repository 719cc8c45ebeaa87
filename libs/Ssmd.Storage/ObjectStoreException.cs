namespace Ssmd.Storage;

/// <summary>The object store refused or could not be reached; the message names the bucket and key.</summary>
public sealed class ObjectStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ObjectStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public ObjectStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
