namespace Ssmd.Secmaster.Tests.Infrastructure;

/// <summary>The real Kalshi REST bodies copied next to the tests.</summary>
internal static class Fixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static byte[] Read(string name) => File.ReadAllBytes(Path(name));
}
