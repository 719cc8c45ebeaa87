using Microsoft.Extensions.Logging.Abstractions;
using System.Text;
using Npgsql;
using Ssmd.Secmaster.Internal;
using Ssmd.Secmaster.Tests.Infrastructure;
using Ssmd.Testing;

namespace Ssmd.Secmaster.Tests;

public sealed class SecmasterRepositoryTests(PostgresServerFixture postgres)
{
    [Fact(Timeout = 60_000)]
    public async Task Migrations_create_the_schema_once_and_running_them_again_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);

        Assert.Equal(0, await SecmasterMigrator.MigrateAsync(db.DataSource, NullLogger.Instance, ct));
        Assert.Equal(SecmasterMigrator.Known.Count, await db.CountAsync("SELECT count(*) FROM schema_migrations", ct));
        Assert.Equal("text", (string)(await db.DataSource.CreateCommand(
            "SELECT data_type FROM information_schema.columns WHERE table_name = 'markets' AND column_name = 'ticker'").ExecuteScalarAsync(ct))!);
    }

    [Fact(Timeout = 60_000)]
    public async Task Writing_the_same_page_twice_writes_no_history_the_second_time()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        var repository = db.Repository;

        var first = await repository.WriteMarketPageAsync(Pages.Rows(0, 500), null, ct);
        var second = await repository.WriteMarketPageAsync(Pages.Rows(0, 500), null, ct);

        Assert.Equal(500, first.Count);
        Assert.All(first, c => Assert.True(c.IsCreated));
        Assert.Empty(second);
        Assert.Equal(500, await db.CountAsync("SELECT count(*) FROM market_history", ct));
        Assert.Equal(500, await db.CountAsync("SELECT count(*) FROM markets WHERE version = 1", ct));
    }

    [Fact(Timeout = 60_000)]
    public async Task Each_changed_field_becomes_one_history_row_with_its_old_and_new_value()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        var repository = db.Repository;
        await repository.WriteMarketPageAsync(Pages.Rows(0, 10), null, ct);

        var changed = Enumerable.Range(0, 10).Select(MarketGenerator.Market).ToList();
        changed[3]["close_time"] = "2026-09-01T00:00:00Z";
        changed[3]["status"] = "closed";
        changed[7]["rules_secondary"] = "New rule text";
        changed[5]["last_price_dollars"] = "0.9900"; // a trade, not a security-master change
        var changes = await repository.WriteMarketPageAsync(Pages.Rows(changed), null, ct);

        Assert.Equal(2, changes.Count);
        var three = changes.Single(c => c.Ticker == MarketGenerator.Ticker(3));
        Assert.Equal(2, three.Version);
        Assert.Equal(["status", "close_time"], three.Fields.Select(f => f.Field).ToArray());
        Assert.Equal(new SecmasterFieldChange("status", "active", "closed"), three.Fields[0]);
        Assert.Equal("2026-09-01 00:00:00+00", three.Fields[1].NewValue);
        var seven = changes.Single(c => c.Ticker == MarketGenerator.Ticker(7));
        Assert.Equal("metadata", Assert.Single(seven.Fields).Field);

        var detail = await repository.GetMarketAsync(MarketGenerator.Ticker(3), ct);
        Assert.Equal("closed", detail!.Market.Status);
        Assert.Equal(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero), detail.Market.CloseTime);
        Assert.Equal(["created", "status", "close_time"], detail.History.Select(h => h.Field).ToArray());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_malformed_field_keeps_the_stored_value_and_the_market_still_updates_its_other_fields()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        var repository = db.Repository;
        await repository.WriteMarketPageAsync(Pages.Rows(0, 3), null, ct);

        var markets = Enumerable.Range(0, 3).Select(MarketGenerator.Market).ToList();
        markets[1]["close_time"] = "garbage";
        markets[1]["settlement_timer_seconds"] = "sixty";
        markets[1]["title"] = "Renamed";
        markets[2]["status"] = "brand_new_status";
        markets[0].Remove("yes_sub_title");
        var tally = new Ssmd.Secmaster.Internal.RejectionTally();
        var changes = await repository.WriteMarketPageAsync(Pages.Rows(markets, tally), null, ct);

        Assert.Equal(2, changes.Count);
        var one = (await repository.GetMarketAsync(MarketGenerator.Ticker(1), ct))!.Market;
        Assert.Equal("Renamed", one.Title);
        Assert.Equal(MarketGenerator.OpenTime(1).AddMinutes(15), one.CloseTime!.Value.UtcDateTime);
        Assert.Equal(60, one.SettlementTimerSeconds);
        var two = (await repository.GetMarketAsync(MarketGenerator.Ticker(2), ct))!.Market;
        Assert.Equal("brand_new_status", two.Status);
        var zero = (await repository.GetMarketAsync(MarketGenerator.Ticker(0), ct))!.Market;
        Assert.Equal("Above 4000", zero.YesSubTitle);
        Assert.Equal(4, tally.Total);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_stale_unchanged_page_does_not_undo_a_lifecycle_change_and_updated_time_alone_writes_no_history()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        var repository = db.Repository;
        await repository.WriteMarketPageAsync(Pages.Rows(0, 2), null, ct);
        var lifecycle = new SecmasterLifecycle(repository, null, NullLogger<SecmasterLifecycle>.Instance);
        await lifecycle.ApplyLifecycleAsync(new() { Ticker = MarketGenerator.Ticker(0), Kind = SecmasterLifecycleKind.Determined, Result = "no" }, ct);
        var history = await db.CountAsync("SELECT count(*) FROM market_history", ct);

        var markets = Enumerable.Range(0, 2).Select(MarketGenerator.Market).ToList();
        markets[1]["updated_time"] = "2026-09-01T00:00:00Z";
        var changes = await repository.WriteMarketPageAsync(Pages.Rows(markets), null, ct);

        Assert.Empty(changes);
        Assert.Equal(history, await db.CountAsync("SELECT count(*) FROM market_history", ct));
        Assert.Equal("determined", (await repository.GetMarketAsync(MarketGenerator.Ticker(0), ct))!.Market.Status);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_changed_page_read_before_a_lifecycle_change_leaves_that_market_to_the_next_sync_and_writes_the_others()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        var repository = db.Repository;
        await repository.WriteMarketPageAsync(Pages.Rows(0, 2), null, ct);
        var lifecycle = new SecmasterLifecycle(repository, null, NullLogger<SecmasterLifecycle>.Instance);

        // The sync reads a page (both markets changed on the exchange since: a new rule text)...
        var readAt = DateTimeOffset.UtcNow;
        var markets = Enumerable.Range(0, 2).Select(MarketGenerator.Market).ToList();
        markets.ForEach(m => m["rules_secondary"] = "Amended rules");
        // ...market 0 is determined while the page waits to be written...
        await lifecycle.ApplyLifecycleAsync(new() { Ticker = MarketGenerator.Ticker(0), Kind = SecmasterLifecycleKind.Determined, Result = "yes", SettlementValue = 10_000 }, ct);
        var changes = await repository.WriteMarketPageAsync(Pages.Rows(markets), null, ct, readAt);

        // ...so the page, older than that, does not put it back to active with no result; market 1 is written.
        Assert.Equal([MarketGenerator.Ticker(1)], changes.Select(c => c.Ticker));
        var determined = (await repository.GetMarketAsync(MarketGenerator.Ticker(0), ct))!.Market;
        Assert.Equal(("determined", "yes", 10_000L), (determined.Status, determined.Result, determined.SettlementValue!.Value));

        // The next sync, read after the change, brings what else changed on the exchange.
        var next = await repository.WriteMarketPageAsync(Pages.Rows(markets), null, ct, DateTimeOffset.UtcNow);
        Assert.Contains(next, c => c.Ticker == MarketGenerator.Ticker(0) && c.Fields.Any(f => f.Field == "metadata"));
    }

    [Fact(Timeout = 60_000)]
    public async Task The_published_mark_never_moves_over_a_version_whose_event_was_not_acknowledged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        var repository = db.Repository;
        var created = await repository.WriteMarketPageAsync(Pages.Rows(0, 1), null, ct);
        var changes = new List<SecmasterChange>(created);
        foreach (var rule in new[] { "Second rule", "Third rule" })
            changes.AddRange(await NextVersionAsync(repository, rule, ct));

        Assert.Equal([1, 2, 3], changes.Select(c => c.Version));

        // Versions 1 and 3 acknowledged, 2 not (its ack timed out): only 1 is settled.
        await repository.MarkPublishedAsync([changes[0], changes[2]], ct);

        Assert.Equal([2, 3], (await repository.ReadUnpublishedAsync(10, ct)).Select(c => c.Version));
        await repository.MarkPublishedAsync([changes[1], changes[2]], ct);
        Assert.Empty(await repository.ReadUnpublishedAsync(10, ct));
    }

    [Fact(Timeout = 60_000)]
    public async Task Versions_acknowledged_before_a_version_below_them_are_marked_once_it_is_and_never_sent_again()
    {
        // The lifecycle consumer publishes its change at once; the sync's event for the version below may
        // still wait in the sync's queue. Acknowledged in the wrong order, the later versions must not stay
        // unpublished (the next sync would send them again, long after JetStream's duplicate window).
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        var repository = db.Repository;
        var changes = new List<SecmasterChange>(await repository.WriteMarketPageAsync(Pages.Rows(0, 1), null, ct));
        foreach (var rule in new[] { "Second rule", "Third rule", "Fourth rule" })
            changes.AddRange(await NextVersionAsync(repository, rule, ct));

        Assert.Equal([1, 2, 3, 4], changes.Select(c => c.Version));

        // 2 and 4 first, apart; then 3; the creation last.
        await repository.MarkPublishedAsync([changes[1]], ct);
        await repository.MarkPublishedAsync([changes[3]], ct);
        await repository.MarkPublishedAsync([changes[2]], ct);
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM market_published", ct));
        await repository.MarkPublishedAsync([changes[0]], ct);

        Assert.Empty(await repository.ReadUnpublishedAsync(10, ct));
        Assert.Equal(4, await db.CountAsync("SELECT version FROM market_published", ct));
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM market_published_ahead", ct));

        // A version that is never acknowledged still holds back the ones above it, which are sent again with it.
        var fifth = await NextVersionAsync(repository, "Fifth rule", ct);
        var sixth = await NextVersionAsync(repository, "Sixth rule", ct);
        await repository.MarkPublishedAsync(sixth, ct);
        Assert.Equal([5, 6], (await repository.ReadUnpublishedAsync(10, ct)).Select(c => c.Version));
        await repository.MarkPublishedAsync([.. fifth, .. sixth], ct);
        Assert.Empty(await repository.ReadUnpublishedAsync(10, ct));
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM market_published_ahead", ct));
    }

    [Fact(Timeout = 60_000)]
    public async Task An_event_sent_again_from_history_is_byte_for_byte_the_one_sent_live()
    {
        // A consumer that compares the two copies of a version (one live, one republished after a lost
        // acknowledgement) must find the same bytes: the time is kept to the microsecond PostgreSQL stores.
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        var repository = db.Repository;
        var live = new List<SecmasterChange>(await repository.WriteMarketPageAsync(Pages.Rows(0, 1), null, ct));
        live.AddRange(await NextVersionAsync(repository, "Second rule", ct));
        var lifecycle = new SecmasterLifecycle(repository, null, NullLogger<SecmasterLifecycle>.Instance);
        live.Add((await lifecycle.ApplyLifecycleAsync(new() { Ticker = MarketGenerator.Ticker(0), Kind = SecmasterLifecycleKind.Deactivated }, ct))!);

        var rebuilt = await repository.ReadUnpublishedAsync(10, ct);

        Assert.Equal(live.Select(c => Encoding.UTF8.GetString(ChangeEventWriter.Serialize(c))), rebuilt.Select(c => Encoding.UTF8.GetString(ChangeEventWriter.Serialize(c))));
    }

    [Fact(Timeout = 60_000)]
    public async Task New_markets_marked_twice_leave_no_list_and_keep_the_higher_mark()
    {
        // A page's new markets are one list of unpublished creations; marking strikes them off it. The same
        // events marked again (republished by another worker), or a creation marked after a later version
        // was, must neither fail the marking nor move a mark back.
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        var repository = db.Repository;
        var created = await repository.WriteMarketPageAsync(Pages.Rows(0, 3), null, ct);
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM market_created_unpublished", ct));
        var changed = await NextVersionAsync(repository, "Second rule", ct);
        Assert.Equal(3, (await repository.ReadUnpublishedAsync(10, ct)).Select(c => c.Ticker).Distinct().Count());

        await repository.MarkPublishedAsync([created[0], changed[0]], ct);
        await repository.MarkPublishedAsync(created, ct);
        await repository.MarkPublishedAsync(created, ct);

        Assert.Empty(await repository.ReadUnpublishedAsync(10, ct));
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM market_created_unpublished", ct));
        await using var command = db.DataSource.CreateCommand("SELECT ticker, version FROM market_published");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var marks = new List<(string, int)>();
        while (await reader.ReadAsync(ct))
            marks.Add((reader.GetString(0), reader.GetInt32(1)));
        Assert.Equal([(MarketGenerator.Ticker(0), 2)], marks);
    }

    [Fact(Timeout = 60_000)]
    public async Task Creations_acknowledged_out_of_a_page_leave_exactly_the_others_unpublished()
    {
        // Two pages in flight, and events acknowledged across them in any order: what is left unpublished
        // is exactly what was not acknowledged, whichever list it was on.
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        var repository = db.Repository;
        var first = await repository.WriteMarketPageAsync(Pages.Rows(0, 1000), null, ct);
        var second = await repository.WriteMarketPageAsync(Pages.Rows(1000, 1000), null, ct);
        Assert.Equal(2, await db.CountAsync("SELECT count(*) FROM market_created_unpublished", ct));

        var acknowledged = first.Where((_, i) => i % 3 != 0).Concat(second.Where((_, i) => i % 7 != 0)).ToList();
        await repository.MarkPublishedAsync(acknowledged.Where((_, i) => i % 2 == 0).ToList(), ct);
        await repository.MarkPublishedAsync(acknowledged.Where((_, i) => i % 2 == 1).ToList(), ct);

        var expected = first.Where((_, i) => i % 3 == 0).Concat(second.Where((_, i) => i % 7 == 0)).Select(c => c.Ticker).Order(StringComparer.Ordinal);
        Assert.Equal(expected, (await repository.ReadUnpublishedAsync(10_000, ct)).Select(c => c.Ticker).Order(StringComparer.Ordinal));
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM market_published", ct));
    }

    [Fact(Timeout = 60_000)]
    public async Task Markets_unmarked_before_the_creation_lists_stay_unpublished_after_the_migration()
    {
        // A database from before migration 4 knew "unpublished" as "no mark": the migration lists those
        // markets, so none of their events is taken as sent.
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        var repository = db.Repository;
        var created = await repository.WriteMarketPageAsync(Pages.Rows(0, 2500), null, ct);
        await using (var before = db.DataSource.CreateBatch())
        {
            // As migration 3 left it: a mark for the markets whose event was acknowledged, and no lists.
            before.BatchCommands.Add(new NpgsqlBatchCommand("INSERT INTO market_published (ticker, version) SELECT ticker, 1 FROM markets WHERE ticker <> ALL($1)")
            { Parameters = { new NpgsqlParameter { Value = created.Where((_, i) => i % 2 == 0).Select(c => c.Ticker).ToArray() } } });
            before.BatchCommands.Add(new NpgsqlBatchCommand("DROP TABLE market_created_unpublished"));
            before.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM schema_migrations WHERE version = 4"));
            await before.ExecuteNonQueryAsync(ct);
        }

        Assert.Equal(1, await SecmasterMigrator.MigrateAsync(db.DataSource, NullLogger.Instance, ct));

        var unpublished = await repository.ReadUnpublishedAsync(10_000, ct);
        Assert.Equal(created.Where((_, i) => i % 2 == 0).Select(c => c.Ticker).Order(StringComparer.Ordinal), unpublished.Select(c => c.Ticker).Order(StringComparer.Ordinal));
        Assert.Equal(2, await db.CountAsync("SELECT count(*) FROM market_created_unpublished", ct)); // 1,250 markets, 1,000 a list
        await repository.MarkPublishedAsync(unpublished, ct);
        Assert.Empty(await repository.ReadUnpublishedAsync(10_000, ct));
    }

    [Fact(Timeout = 60_000)]
    public async Task Tickers_longer_than_64_characters_are_stored_and_found()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        var market = MarketGenerator.Market(0);
        var ticker = "KXMVESPORTSMULTIGAMEEXTENDED-S2026ABCDEF0123456789-ABCDEF0123456789ABCDEF0123456789.5";
        market["ticker"] = ticker;
        await db.Repository.WriteMarketPageAsync(Pages.Rows([market]), null, ct);

        Assert.True(ticker.Length > 64);
        Assert.Equal(ticker, (await db.Repository.GetMarketAsync(ticker, ct))!.Market.Ticker);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_page_of_3000_markets_is_written_by_COPY_without_meeting_the_bind_parameter_limit()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        // 3,000 rows × 27 columns would be 81,000 parameters as a multi-row INSERT; COPY has none.
        var changes = await db.Repository.WriteMarketPageAsync(Pages.Rows(0, 3000), null, ct);

        Assert.Equal(3000, changes.Count);
        Assert.Equal(3000, await db.CountAsync("SELECT count(*) FROM markets", ct));
    }

    [Fact(Timeout = 60_000)]
    public async Task An_event_page_is_written_with_its_cursor_or_not_at_all()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        var run = Guid.NewGuid();
        static EventRow Event(string ticker, string raw = "{}") => new(ticker, "KXA", "t", "", false, null, raw);
        await db.Repository.WriteEventPageAsync([Event("KXA-1"), Event("KXA-2")], new SyncScope("events", run, "page-2"), ct);

        // The events are written, then the cursor fails (PostgreSQL text cannot hold a NUL): the events go too.
        await Assert.ThrowsAsync<PostgresException>(() =>
            db.Repository.WriteEventPageAsync([Event("KXA-3"), Event("KXA-4")], new SyncScope("events", run, "page-3\0"), ct));
        // The events fail (raw that is not JSON): the cursor is not moved past them.
        await Assert.ThrowsAsync<PostgresException>(() =>
            db.Repository.WriteEventPageAsync([Event("KXA-3"), Event("KXA-4", "{not json")], new SyncScope("events", run, "page-3"), ct));

        Assert.Equal(2, await db.CountAsync("SELECT count(*) FROM events", ct));
        Assert.Equal(new SyncScope("events", run, "page-2"), await db.Repository.ReadUnfinishedScopeAsync("events", ct));
        Assert.Equal(1, await db.CountAsync("SELECT pages FROM sync_state WHERE scope = 'events'", ct));
    }

    [Fact(Timeout = 60_000)]
    public async Task An_event_or_series_repeated_in_a_page_is_stored_as_its_last_copy()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        // Several repeats, so that an unordered pick of one copy would not match by luck.
        string[] titles = ["first", "second", "third", "fourth", "last"];
        await db.Repository.WriteEventPageAsync(
            [.. titles.Select(t => new EventRow("KXA-1", "KXA", t, "", false, null, "{}")), new EventRow("KXA-2", "KXA", "other", "", false, null, "{}")], null, ct);
        await db.Repository.WriteSeriesPageAsync([.. titles.Select(t => new SeriesRow("KXA", t, "Economics", null, "daily", "{}"))], null, ct);

        await using var command = db.DataSource.CreateCommand(
            "SELECT (SELECT title FROM events WHERE event_ticker = 'KXA-1'), (SELECT count(*) FROM events), (SELECT title FROM series WHERE ticker = 'KXA')");
        await using var reader = await command.ExecuteReaderAsync(ct);
        Assert.True(await reader.ReadAsync(ct));
        Assert.Equal("last", reader.GetString(0));
        Assert.Equal(2, reader.GetInt64(1));
        Assert.Equal("last", reader.GetString(2));
    }

    [Fact(Timeout = 60_000)]
    public async Task Markets_are_listed_by_filter_in_pages_and_by_the_day_they_trade()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await SecmasterDatabase.CreateAsync(postgres, ct);
        var repository = db.Repository;
        await repository.WriteSeriesPageAsync([new("KXGOLD15M", "Gold", "Commodities", ["Metals"], "fifteen_min", "{}")], null, ct);
        await repository.WriteEventPageAsync(
            [.. Enumerable.Range(0, 40).Select(i => new Ssmd.Secmaster.Internal.EventRow(MarketGenerator.EventTicker(i), MarketGenerator.EventTicker(i).Split('-')[0], "t", "", false, null, "{}")).DistinctBy(e => e.EventTicker)],
            null, ct);
        await repository.WriteMarketPageAsync(Pages.Rows(0, 40), null, ct);

        var gold = new SecmasterMarketFilter { Category = "commodities" };
        var page1 = await repository.ListMarketsAsync(gold, limit: 6, cancellationToken: ct);
        var page2 = await repository.ListMarketsAsync(gold, page1.NextAfter, 6, ct);
        Assert.Equal(6, page1.Markets.Count);
        Assert.Equal(4, page2.Markets.Count); // i % 4 == 0 of 40 are gold
        Assert.Null(page2.NextAfter);
        Assert.All(page1.Markets.Concat(page2.Markets), m => Assert.Equal("KXGOLD15M", m.SeriesTicker));
        Assert.Equal(10, page1.Markets.Concat(page2.Markets).Select(m => m.Ticker).Distinct().Count());

        var byEvent = await repository.ListMarketsAsync(new SecmasterMarketFilter { EventTicker = MarketGenerator.EventTicker(0), Statuses = ["active"] }, cancellationToken: ct);
        Assert.Equal(Enumerable.Range(0, 7).Where(i => MarketGenerator.EventTicker(i) == MarketGenerator.EventTicker(0)).Count(), byEvent.Markets.Count);

        // Markets open every 15 minutes from 2026-08-01 00:00 UTC: 40 of them span the first day only.
        var first = await repository.ListActiveOnAsync(new DateOnly(2026, 8, 1), cancellationToken: ct);
        var second = await repository.ListActiveOnAsync(new DateOnly(2026, 8, 2), cancellationToken: ct);
        Assert.Equal(40, first.Count);
        Assert.Empty(second);
        Assert.Equal([new SecmasterPriceBand(0, 10_000, 100)], first[0].PriceRanges);
    }

    /// <summary>Writes market 0 again with another secondary rule: its next version's change.</summary>
    private static Task<List<SecmasterChange>> NextVersionAsync(SecmasterRepository repository, string rule, CancellationToken ct)
    {
        var market = MarketGenerator.Market(0);
        market["rules_secondary"] = rule;
        return repository.WriteMarketPageAsync(Pages.Rows([market]), null, ct);
    }
}
