namespace Ssmd.Capnp.Generator;

/// <summary>The schema uses something this generator does not support (interfaces, generics, AnyPointer, lists of lists...).</summary>
public sealed class GeneratorException : Exception
{
    /// <summary>Creates the exception naming the unsupported construct.</summary>
    public GeneratorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public GeneratorException()
    {
    }

    /// <summary>Creates the exception wrapping another one.</summary>
    public GeneratorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
