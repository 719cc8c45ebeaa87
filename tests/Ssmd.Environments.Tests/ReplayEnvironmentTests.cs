namespace Ssmd.Environments.Tests;

public sealed class ReplayEnvironmentTests
{
    [Fact]
    public void Replay_serves_the_gold_capture_from_the_simulator_at_ten_times_with_idle_hours_cut()
    {
        var replay = SsmdEnvironmentLoader.Load(SsmdEnvironmentLoader.ResolvePath("replay", TestFiles.RepositoryRoot));

        Assert.Equal("replay", replay.Name);
        Assert.Equal(FeedSource.Simulator, replay.Feed.Source);
        Assert.Empty(replay.Secrets);
        var tape = Assert.IsType<ReplayDefinition>(replay.Feed.Replay);
        Assert.Equal("../../shared/kalshi/captures/gold15m/events", tape.Path);

        // Relative to the environment file: <repository>/../shared/kalshi/…, beside the repository as the tests expect it.
        Assert.Equal(Path.GetFullPath(Path.Combine(TestFiles.RepositoryRoot, "..", "shared", "kalshi", "captures", "gold15m", "events")), tape.FullPath);
        Assert.Equal(10, tape.Speed);
        Assert.Equal(2, tape.MaxGapSeconds);
        Assert.False(tape.Loop);
        Assert.True(replay.Symbols.Selects("KXGOLD15M-26AUG050000-00", "KXGOLD15M", "Replay"));
    }

    [Fact]
    public void Sim_and_kalshi_replay_nothing()
    {
        Assert.Null(SsmdEnvironmentLoader.Load(TestFiles.Shipped("sim")).Feed.Replay);
        Assert.Null(SsmdEnvironmentLoader.Load(TestFiles.Shipped("kalshi")).Feed.Replay);
    }

    [Fact]
    public void Replay_defaults_to_the_recorded_pace_with_every_pause_kept()
    {
        var yaml = SampleEnvironment.Sim.Replace("  source: simulator\n", "  source: simulator\n  replay: { path: tape.ndjson.gz }\n", StringComparison.Ordinal);

        var tape = SsmdEnvironmentLoader.Parse(yaml, "/envs/mine.yaml").Feed.Replay!;

        Assert.Equal((1, null, false), (tape.Speed, tape.MaxGapSeconds, tape.Loop));
        Assert.Equal(Path.GetFullPath("/envs/tape.ndjson.gz"), tape.FullPath);
    }

    [Fact]
    public void The_real_exchange_cannot_replay_a_tape()
    {
        var yaml = SampleEnvironment.Sim.Replace("  source: simulator\n", "  source: kalshi\n  replay: { path: t }\n", StringComparison.Ordinal);

        var exception = Assert.Throws<SsmdEnvironmentException>(() => SsmdEnvironmentLoader.Parse(yaml, "inline.yaml"));

        Assert.Contains(exception.Errors, e => e.Rule == "conflict" && e.Message.Contains("feed.replay needs source simulator", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{ path: t, speed: -1 }", "range", "feed.replay.speed")]
    [InlineData("{ path: t, speed: \"2\" }", "type", "feed.replay.speed")]
    [InlineData("{ path: t, maxGapSeconds: 0 }", "range", "feed.replay.maxGapSeconds")]
    [InlineData("{ path: t, loop: yes }", "type", "feed.replay.loop")]
    [InlineData("{ speed: 2 }", "required", "path")]
    [InlineData("{ path: t, pace: 2 }", "unknown-key", "pace")]
    public void A_bad_replay_setting_is_reported_with_its_rule_and_key(string replay, string rule, string named)
    {
        var yaml = SampleEnvironment.Sim.Replace("  source: simulator\n", $"  source: simulator\n  replay: {replay}\n", StringComparison.Ordinal);

        var exception = Assert.Throws<SsmdEnvironmentException>(() => SsmdEnvironmentLoader.Parse(yaml, "inline.yaml"));

        var error = Assert.Single(exception.Errors);
        Assert.Equal(rule, error.Rule);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
