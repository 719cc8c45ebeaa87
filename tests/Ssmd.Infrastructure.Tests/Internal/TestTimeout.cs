namespace Ssmd.Infrastructure.Tests.Internal;

/// <summary>Every test's own deadline, also cancelled when the run is.</summary>
internal static class TestTimeout
{
    public static CancellationTokenSource Start(int seconds = 60)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        return timeout;
    }
}
