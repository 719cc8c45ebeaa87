using System.Globalization;
using Ssmd.Environments;

namespace Ssmd.AppHost.Hosting;

/// <summary>Hands the environment's <c>feed.replay</c> tape to the simulator (its <c>KalshiSim:Replay</c> settings).</summary>
internal static class ReplayHostingExtensions
{
    public static IResourceBuilder<ProjectResource> WithSsmdReplay(this IResourceBuilder<ProjectResource> simulator, SsmdEnvironment environment)
    {
        if (environment.Feed.Replay is not { } replay)
        {
            return simulator;
        }

        simulator
            .WithEnvironment("KalshiSim__Replay__Path", replay.FullPath)
            .WithEnvironment("KalshiSim__Replay__Speed", replay.Speed.ToString(CultureInfo.InvariantCulture))
            .WithEnvironment("KalshiSim__Replay__Loop", replay.Loop ? "true" : "false");
        if (replay.MaxGapSeconds is { } gap)
        {
            simulator.WithEnvironment("KalshiSim__Replay__MaxGapSeconds", gap.ToString(CultureInfo.InvariantCulture));
        }

        return simulator;
    }
}
