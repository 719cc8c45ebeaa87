using Ssmd.Archiver.Internal;
using Ssmd.Archiver.Tests.Infrastructure;
using Ssmd.ServiceDefaults;

namespace Ssmd.Archiver.Tests;

/// <summary>The acknowledgement point and the part settings: resolved by store, refused when wrong, naming the key.</summary>
public sealed class ArchiverOptionsTests
{
    [Fact]
    public void Auto_acknowledges_once_stored_with_s3_and_once_journaled_with_a_folder()
    {
        var options = new ArchiverOptions();
        Assert.Equal(ArchiverAckMode.Stored, options.EffectiveAckMode(ArchiveStoreKind.S3));
        Assert.Equal(ArchiverAckMode.Journal, options.EffectiveAckMode(ArchiveStoreKind.Folder));
        options.AckMode = ArchiverAckMode.Stored;
        Assert.Equal(ArchiverAckMode.Stored, options.EffectiveAckMode(ArchiveStoreKind.Folder));
        options.AckMode = ArchiverAckMode.Journal;
        Assert.Equal(ArchiverAckMode.Journal, options.EffectiveAckMode(ArchiveStoreKind.S3));

        // A full part plus a fetch batch fits under MaxAckPending: a consumer waiting for its part is not starved.
        options.PartMaxMessages = 50_000;
        Assert.True(options.ConsumerMaxAckPending() >= options.PartMaxMessages + options.FetchBatch);
    }

    [Fact]
    public void Bad_ack_mode_and_part_settings_are_each_named()
    {
        var result = new ValidateArchiverOptions().Validate(null, new ArchiverOptions
        {
            AckMode = (ArchiverAckMode)7,
            PartInterval = TimeSpan.Zero,
            PartMaxMessages = 0,
            PartMaxBytes = 10,
        });
        Assert.True(result.Failed);
        foreach (var key in new[] { "Archiver:AckMode", "Archiver:PartInterval", "Archiver:PartMaxMessages", "Archiver:PartMaxBytes" })
            Assert.Contains(result.Failures!, f => f.StartsWith(key, StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task An_unknown_ack_mode_stops_start_up_with_a_message_naming_the_key()
    {
        var ct = TestContext.Current.CancellationToken;
        using var world = new TestWorld("ackmode");
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var archiver = await ArchiverHost.StartAsync("nats://127.0.0.1:1", new Uri(world.Path_("store") + "/").AbsoluteUri, world, world.Path_("work"),
                new Dictionary<string, string?> { ["Archiver:AckMode"] = "Sometimes" }, ct);
        });
        Assert.Contains("Archiver:AckMode", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:02", "00:00:05", true)]
    [InlineData("00:00:02", "00:00:06", false)]
    [InlineData("00:00:01.100", "00:00:02", true)]
    public void An_ack_wait_a_pull_can_outlast_is_refused_naming_both_keys(string fetchWait, string ackWait, bool refused)
    {
        // A pull receiving messages can end at twice FetchWait; its batch is acknowledged only then.
        var result = new ValidateArchiverOptions().Validate(null, new ArchiverOptions
        {
            FetchWait = TimeSpan.Parse(fetchWait, System.Globalization.CultureInfo.InvariantCulture),
            AckWait = TimeSpan.Parse(ackWait, System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(refused, result.Failed);
        if (refused)
            Assert.Contains(result.Failures!, f => f.StartsWith("Archiver:AckWait", StringComparison.Ordinal) && f.Contains("Archiver:FetchWait", StringComparison.Ordinal));
    }
}
