package dev.flinktuning.support.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Makes the shop's events from a seed: event {@code i} depends only on the seed and {@code i}, so
 * the same seed always gives the same events, whichever subtask generates them and in whatever
 * order.
 *
 * <p>Item popularity follows a Zipf law, so a few items get most of the traffic, as in a real shop.
 * Event time advances by {@link #millisPerEvent()} per event, and each event may be up to {@link
 * #maxOutOfOrderness()} milliseconds late.
 *
 * <pre>{@code
 * ShopEventGenerator generator = ShopEventGenerator.withSeed(42).items(500).zipfExponent(1.1);
 * DataStream<ShopEvent> events = ShopEvents.stream(env, generator, 100_000);
 * List<ShopEvent> expectedInput = generator.generate(100_000); // the same events, for an oracle
 * }</pre>
 */
public final class ShopEventGenerator implements GeneratorFunction<Long, ShopEvent>, Serializable {

  private static final long serialVersionUID = 1L;

  /** 2026-01-01T00:00:00Z: the generated shop opens then. */
  public static final long DEFAULT_START = 1_767_225_600_000L;

  private static final String[] CATEGORIES = {
    "books", "games", "garden", "kitchen", "music", "outdoor", "phones", "shoes", "toys", "watches"
  };

  private final long seed;
  private final int users;
  private final int items;
  private final double zipfExponent;
  private final long startMillis;
  private final long millisPerEvent;
  private final long maxOutOfOrderness;

  /** Cumulative item popularity; rebuilt after deserialization. */
  private transient double[] itemCdf;

  private ShopEventGenerator(
      long seed,
      int users,
      int items,
      double zipfExponent,
      long startMillis,
      long millisPerEvent,
      long maxOutOfOrderness) {
    if (users < 1 || items < 1) {
      throw new IllegalArgumentException("users and items must be at least 1");
    }
    if (millisPerEvent < 0 || maxOutOfOrderness < 0 || zipfExponent < 0) {
      throw new IllegalArgumentException(
          "millisPerEvent, maxOutOfOrderness and zipfExponent must not be negative");
    }
    this.seed = seed;
    this.users = users;
    this.items = items;
    this.zipfExponent = zipfExponent;
    this.startMillis = startMillis;
    this.millisPerEvent = millisPerEvent;
    this.maxOutOfOrderness = maxOutOfOrderness;
  }

  /**
   * A generator with the course's defaults: 10,000 users, 1,000 items, Zipf exponent 1.0, one event
   * every 100 ms of event time, up to 2 s out of order.
   */
  public static ShopEventGenerator withSeed(long seed) {
    return new ShopEventGenerator(seed, 10_000, 1_000, 1.0, DEFAULT_START, 100, 2_000);
  }

  public ShopEventGenerator users(int users) {
    return new ShopEventGenerator(
        seed, users, items, zipfExponent, startMillis, millisPerEvent, maxOutOfOrderness);
  }

  public ShopEventGenerator items(int items) {
    return new ShopEventGenerator(
        seed, users, items, zipfExponent, startMillis, millisPerEvent, maxOutOfOrderness);
  }

  /** 0 makes every item equally popular; the larger, the more traffic the top items get. */
  public ShopEventGenerator zipfExponent(double zipfExponent) {
    return new ShopEventGenerator(
        seed, users, items, zipfExponent, startMillis, millisPerEvent, maxOutOfOrderness);
  }

  public ShopEventGenerator millisPerEvent(long millisPerEvent) {
    return new ShopEventGenerator(
        seed, users, items, zipfExponent, startMillis, millisPerEvent, maxOutOfOrderness);
  }

  public ShopEventGenerator maxOutOfOrderness(long maxOutOfOrderness) {
    return new ShopEventGenerator(
        seed, users, items, zipfExponent, startMillis, millisPerEvent, maxOutOfOrderness);
  }

  public long maxOutOfOrderness() {
    return maxOutOfOrderness;
  }

  public long millisPerEvent() {
    return millisPerEvent;
  }

  public long startMillis() {
    return startMillis;
  }

  /**
   * Every category, in a fixed order: {@code categoryOf(itemId)} is entry {@code itemId % size}.
   */
  public static List<String> categories() {
    return List.of(CATEGORIES);
  }

  /** The category an item belongs to; fixed per item. */
  public static String categoryOf(long itemId) {
    return CATEGORIES[(int) (itemId % CATEGORIES.length)];
  }

  /** The item's price in cents; fixed per item, between 1.99 and 200.98. */
  public static long priceOf(long itemId) {
    return 199 + (itemId * 7_919) % 19_900;
  }

  @Override
  public ShopEvent map(Long index) {
    long i = index;
    SplittableRandom random = new SplittableRandom(mix(seed, i));
    long itemId = pickItem(random.nextDouble());
    long userId = random.nextInt(users);
    double kind = random.nextDouble();
    EventType type =
        kind < 0.80 ? EventType.VIEW : kind < 0.95 ? EventType.CART : EventType.PURCHASE;
    long lateness = maxOutOfOrderness == 0 ? 0 : random.nextLong(maxOutOfOrderness + 1);
    long timestamp = Math.max(startMillis, startMillis + i * millisPerEvent - lateness);
    return new ShopEvent(i, userId, itemId, categoryOf(itemId), type, priceOf(itemId), timestamp);
  }

  /** Events {@code 0 .. count-1}, exactly as the Flink source emits them; for oracles. */
  public List<ShopEvent> generate(long count) {
    List<ShopEvent> events = new ArrayList<>((int) Math.min(count, Integer.MAX_VALUE));
    for (long i = 0; i < count; i++) {
      events.add(map(i));
    }
    return events;
  }

  private long pickItem(double u) {
    double[] cdf = itemCdf();
    int low = 0;
    int high = cdf.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (cdf[mid] < u) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private double[] itemCdf() {
    if (itemCdf == null) {
      double[] cdf = new double[items];
      double total = 0;
      for (int rank = 0; rank < items; rank++) {
        total += 1.0 / Math.pow(rank + 1, zipfExponent);
        cdf[rank] = total;
      }
      for (int rank = 0; rank < items; rank++) {
        cdf[rank] /= total;
      }
      cdf[items - 1] = 1.0;
      itemCdf = cdf;
    }
    return itemCdf;
  }

  /** SplitMix64's finalizer over seed and index: neighbouring indices get unrelated streams. */
  private static long mix(long seed, long index) {
    long z = seed * 0x9E3779B97F4A7C15L + index;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
