package dev.flinktuning.support.data;

import java.time.Duration;
import java.util.List;

/**
 * The shop a run simulates: how many users, items and events, how fast event time moves, and how
 * slow the catalog answers. The same scenario gives the same events, catalog and catalog changes on
 * every run.
 *
 * @param millisPerEvent event time between two events; {@code events * millisPerEvent} is the span
 */
public record Scenario(
    long seed, int users, int items, long events, long millisPerEvent, Duration catalogLatency) {

  /** What the graded checks run: 20,000 events over 2 hours of event time, 300 users, 200 items. */
  public static Scenario forChecks() {
    return new Scenario(42, 300, 200, 20_000, 360, Duration.ofMillis(1));
  }

  /** What the demo runs unless told otherwise: 50,000 events, 4 hours of 1,000 users and items. */
  public static Scenario forDemo() {
    return new Scenario(42, 1_000, 1_000, 50_000, 288, Duration.ofMillis(1));
  }

  /** The same shop, with this many events over the same span of event time. */
  public Scenario withEvents(long newEvents) {
    long span = events * millisPerEvent;
    return new Scenario(
        seed, users, items, newEvents, Math.max(1, span / newEvents), catalogLatency);
  }

  /** The same shop, with a catalog that answers this slowly. */
  public Scenario withCatalogLatency(Duration latency) {
    return new Scenario(seed, users, items, events, millisPerEvent, latency);
  }

  public ShopEventGenerator generator() {
    return ShopEventGenerator.withSeed(seed)
        .users(users)
        .items(items)
        .millisPerEvent(millisPerEvent)
        .maxOutOfOrderness(2_000);
  }

  /** The item catalog at the start of the day, before any {@link #catalogChanges() change}. */
  public List<ItemProfile> catalog() {
    return ItemCatalog.generate(seed, items);
  }

  /**
   * The catalog's changes during the day, in time order: the same for every scenario with this seed
   * and number of items, whatever its number of events.
   */
  public List<CatalogChange> catalogChanges() {
    return ItemCatalog.changes(seed, items, generator().startMillis());
  }
}
