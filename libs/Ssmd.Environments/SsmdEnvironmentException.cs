namespace Ssmd.Environments;

/// <summary>
/// An environment definition could not be found or is not valid. <see cref="Exception.Message"/> lists
/// every problem found, one per line, as <c>file:line:column: [rule] message</c>.
/// </summary>
public sealed class SsmdEnvironmentException : Exception
{
    /// <summary>Creates the exception for one or more problems.</summary>
    /// <param name="errors">The problems, at least one.</param>
    public SsmdEnvironmentException(IReadOnlyList<SsmdEnvironmentError> errors)
        : base(FormatMessage(errors))
    {
        Errors = [.. errors];
    }

    /// <summary>Every problem found, in file order.</summary>
    public IReadOnlyList<SsmdEnvironmentError> Errors { get; }

    private static string FormatMessage(IReadOnlyList<SsmdEnvironmentError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("At least one error is required.", nameof(errors));
        }

        return string.Join('\n', errors);
    }
}
