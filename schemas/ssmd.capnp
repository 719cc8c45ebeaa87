# ssmd normalized market data, v1. Every message ssmd publishes on kalshi.trade.*, kalshi.orderbook.*,
# kalshi.ticker.* and kalshi.status.* and archives under ssmd-normalized/kalshi/v1/ is one of the
# root structs below, in the standard stream framing.
#
# Numbers: prices are integers in units of 0.0001 dollar (Kalshi "0.4575" -> 4575; a YES price
# lies in 0..10000), sizes are integers in units of 0.01 contract (Kalshi "12.50" -> 1250). Binary
# floating point never appears. Times are Unix nanoseconds (UTC): `exchangeTime` is the exchange's
# own timestamp (ts_ms and friends, scaled; 0 when the exchange sent none), `receiveTime` is when
# ssmd's connector received the frame.
#
# Evolution rules: fields are only ever appended with the next ordinal; an ordinal is never reused
# or renumbered; an enumerant is never removed (unknown values must be tolerated by readers). Readers
# of an old schema read new messages and the reverse (capnproto.org/language.html#evolving-your-protocol).
@0xd5879d147957873a;

enum Side {
  # The outcome side of a binary market.
  unknown @0;  # Not sent, or a value ssmd does not know.
  yes @1;      # The YES outcome (Kalshi taker_outcome_side "yes", taker_book_side "bid").
  no @2;       # The NO outcome (Kalshi taker_outcome_side "no", taker_book_side "ask").
}

enum BookSide {
  # A side of the normalized book, in YES terms: Kalshi's YES bids are bids, and a NO bid at p is a
  # YES ask at 1 - p.
  bid @0;  # YES bids (Kalshi side "yes").
  ask @1;  # YES asks (Kalshi side "no", price converted to 10000 - p).
}

enum Status {
  # Market status, every state Kalshi has today (REST Market.status and the lifecycle channel).
  unknown @0;      # A status ssmd does not know; treat as not tradable.
  initialized @1;  # Created, before open_time (REST "initialized", filter "unopened").
  active @2;       # Open for trading (REST "active"/"open").
  paused @3;       # Paused by the exchange while open (REST "inactive", lifecycle "deactivated").
  closed @4;       # Past close_time, awaiting the result.
  determined @5;   # Result known, settlement timer running.
  disputed @6;     # Result challenged.
  amended @7;      # Re-determined after a dispute; the settlement timer restarts.
  settled @8;      # Paid out; terminal (REST "finalized"/"settled", lifecycle "settled").
}

enum Result {
  # The result of a determined market.
  unknown @0;  # Not determined, or "" / absent on the wire.
  yes @1;      # YES won.
  no @2;       # NO won.
  scalar @3;   # Scalar market: see settlementValue.
}

enum LifecycleEvent {
  # The kind of a lifecycle event (Kalshi market_lifecycle_v2 event_type, open-ended).
  unknown @0;                     # An event_type ssmd does not know; see MarketStatus.rawEventType.
  created @1;                     # The market was created.
  activated @2;                   # Trading resumed (after a pause or a re-opening).
  deactivated @3;                 # Trading paused.
  closeDateUpdated @4;            # The scheduled close time moved.
  determined @5;                  # The result was set.
  settled @6;                     # The market was paid out.
  priceLevelStructureUpdated @7;  # The tick structure changed.
  metadataUpdated @8;             # Strikes or titles changed.
  statusSnapshot @9;              # Not an exchange event: ssmd's REST poll observed this status.
  dataLoss @10;                   # Not an exchange event: ssmd lost frames of this market (its buffer overflowed while NATS was away); status is unchanged. rawEventType says which: "ssmd_data_loss_book" (book changes: a fresh book snapshot follows) or "ssmd_data_loss" (trades, tickers or lifecycle: trades are backfilled).
}

struct Level {
  # One aggregated price level of a book.
  price @0 :Int64;  # YES-terms price, 0.0001 dollar units.
  size @1 :Int64;   # Resting contracts at that price, 0.01 contract units (> 0).
}

struct Trade {
  # One executed trade (Kalshi channel "trade").
  ticker @0 :Text;           # Market ticker, e.g. "KXBTC15M-26JUN101215-15".
  exchangeTime @1 :Int64;    # Execution time (ts_ms), Unix ns.
  receiveTime @2 :Int64;     # When ssmd received the frame, Unix ns.
  sequence @3 :UInt64;       # Kalshi subscription sequence number (seq); 0 when absent.
  tradeId @4 :Text;          # Kalshi trade_id (UUID), the dedupe key.
  price @5 :Int64;           # YES price (yes_price_dollars), 0.0001 dollar units; the NO price is 10000 - price.
  size @6 :Int64;            # Contracts traded (count_fp), 0.01 contract units.
  takerSide @7 :Side;        # Outcome the taker is long after the trade (taker_outcome_side).
  isBlockTrade @8 :Bool;     # Matched off-book (RFQ/block trade).
}

struct OrderBookSnapshot {
  # A full book for one market, in YES terms; replaces any earlier book (Kalshi orderbook_snapshot).
  ticker @0 :Text;              # Market ticker.
  exchangeTime @1 :Int64;       # Exchange time, Unix ns; 0 (Kalshi snapshots carry none).
  receiveTime @2 :Int64;        # When ssmd received the frame, Unix ns.
  sequence @3 :UInt64;          # Kalshi subscription sequence number (seq).
  bids @4 :List(Level);         # YES bids, best (highest price) first.
  asks @5 :List(Level);         # YES asks (from NO bids, price 10000 - p), best (lowest price) first.
  marketId @6 :Text;            # Kalshi market_id (UUID).
}

struct OrderBookDelta {
  # A change of one level of a book (Kalshi orderbook_delta), in YES terms.
  ticker @0 :Text;          # Market ticker.
  exchangeTime @1 :Int64;   # Matching-engine time of the change (ts_ms), Unix ns; 0 when absent.
  receiveTime @2 :Int64;    # When ssmd received the frame, Unix ns.
  sequence @3 :UInt64;      # Kalshi subscription sequence number (seq).
  side @4 :BookSide;        # Which side of the YES book changed.
  price @5 :Int64;          # YES-terms price of the level, 0.0001 dollar units.
  delta @6 :Int64;          # Signed change of resting size, 0.01 contract units: new = old + delta.
  newSize @7 :Int64;        # Resting size at the level after the change (0 = level removed), as ssmd's book computed it.
  marketId @8 :Text;        # Kalshi market_id (UUID).
}

struct OrderBookUpdate {
  # What kalshi.orderbook.{ticker} carries: a snapshot or a delta.
  union {
    snapshot @0 :OrderBookSnapshot;  # A full book.
    delta @1 :OrderBookDelta;        # One level changed.
  }
}

struct Ticker {
  # The exchange's market summary (Kalshi channel "ticker"): full values, safe to overwrite.
  ticker @0 :Text;              # Market ticker.
  exchangeTime @1 :Int64;       # Time of the update (ts_ms), Unix ns.
  receiveTime @2 :Int64;        # When ssmd received the frame, Unix ns.
  bidPrice @3 :Int64;           # Best YES bid, 0.0001 dollar units (0 with size 0 when none).
  bidSize @4 :Int64;            # Contracts at the best bid, 0.01 contract units.
  askPrice @5 :Int64;           # Best YES ask, 0.0001 dollar units (10000 with size 0 when none).
  askSize @6 :Int64;            # Contracts at the best ask, 0.01 contract units.
  lastPrice @7 :Int64;          # Last traded YES price (0 when never traded).
  lastTradeSize @8 :Int64;      # Size of the most recent trade, 0.01 contract units.
  volume @9 :Int64;             # Cumulative contracts traded, 0.01 contract units.
  openInterest @10 :Int64;      # Open interest, 0.01 contract units.
  dollarVolume @11 :Int64;      # Cumulative traded notional, whole dollars.
  dollarOpenInterest @12 :Int64;  # Open-interest notional, whole dollars.
  marketId @13 :Text;           # Kalshi market_id (UUID).
}

struct MarketStatus {
  # A market's status and lifecycle event (Kalshi market_lifecycle_v2, or an ssmd REST observation).
  ticker @0 :Text;              # Market ticker.
  exchangeTime @1 :Int64;       # Time of the event as the exchange gave it, Unix ns; 0 when absent.
  receiveTime @2 :Int64;        # When ssmd received the frame, Unix ns.
  sequence @3 :UInt64;          # Kalshi subscription sequence number (seq); 0 when absent.
  status @4 :Status;            # Status of the market after this event.
  event @5 :LifecycleEvent;     # What happened.
  rawEventType @6 :Text;        # The exchange's event_type string as sent (kept for unknown events).
  details :union {              # Event-specific data.
    none @7 :Void;              # No details (activated, settled without data, status snapshots...).
    created :group {            # A market was created.
      openTime @8 :Int64;       # Scheduled open (open_ts), Unix ns.
      closeTime @9 :Int64;      # Scheduled close (close_ts), Unix ns.
      eventTicker @10 :Text;    # The event the market belongs to.
      title @11 :Text;          # Market title.
    }
    closeTime @12 :Int64;       # closeDateUpdated: the new scheduled close (close_ts), Unix ns.
    paused @13 :Bool;           # activated/deactivated: is_deactivated (true = paused).
    determined :group {         # The result was set.
      result @14 :Result;       # yes, no or scalar.
      settlementValue @15 :Int64 = -1;  # YES payout, 0.0001 dollar units (settlement_value); -1 when not sent.
      determinationTime @16 :Int64;  # determination_ts, Unix ns.
    }
    settledTime @17 :Int64;     # settled: settled_ts, Unix ns.
  }
}
