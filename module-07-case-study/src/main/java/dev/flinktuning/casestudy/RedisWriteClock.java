package dev.flinktuning.casestudy;

import dev.flinktuning.support.services.LocalRedis;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * Notes when each recommendation reaches Redis, from Redis's own keyspace notifications (one per
 * {@code HSET}), to tell how long users wait for their recommendations: the time by which half, and
 * 99 %, of a run's recommendations were written, and, per user, when each of their recommendations
 * was ({@link #writesPerUser()}).
 */
final class RedisWriteClock implements AutoCloseable {

  private static final String HSET_EVENTS = "__keyevent@0__:hset";

  private final LocalRedis redis;
  private final long startNanos;
  private final JedisPubSub listener;
  private final Thread thread;

  /** When each write was seen, and its user. */
  private final LongPairs writes = new LongPairs();

  private RedisWriteClock(LocalRedis redis) {
    this.redis = redis;
    this.startNanos = System.nanoTime();
    this.listener =
        new JedisPubSub() {
          @Override
          public void onMessage(String channel, String message) {
            record(System.nanoTime(), message);
          }
        };
    this.thread =
        new Thread(
            () -> {
              try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
                jedis.subscribe(listener, HSET_EVENTS);
              }
            },
            "redis-write-clock");
    thread.setDaemon(true);
  }

  /**
   * Starts listening; times count from now. Returns null when Redis does not allow turning
   * notifications on (some managed Redis services do not).
   */
  static RedisWriteClock start(LocalRedis redis) {
    try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
      jedis.configSet("notify-keyspace-events", "Eh");
    } catch (RuntimeException notAllowed) {
      return null;
    }
    RedisWriteClock clock = new RedisWriteClock(redis);
    clock.thread.start();
    return clock;
  }

  private synchronized void record(long nanos, String key) {
    writes.add(nanos, userOf(key));
  }

  /** The user of a key {@code rec:<userId>}; -1 for another key. */
  private static long userOf(String key) {
    String prefix = Recommendation.redisKey(0).replace("0", "");
    try {
      return key.startsWith(prefix) ? Long.parseLong(key.substring(prefix.length())) : -1;
    } catch (NumberFormatException notOurs) {
      return -1;
    }
  }

  /** Writes seen so far. */
  synchronized int count() {
    return writes.size();
  }

  /**
   * For each user, the moments ({@link System#nanoTime()}) at which their hash was written, in the
   * order Redis wrote them.
   */
  synchronized Map<Long, long[]> writesPerUser() {
    Map<Long, long[]> perUser = new HashMap<>();
    for (int i = 0; i < writes.size(); i++) {
      long[] before = perUser.getOrDefault(writes.second(i), new long[0]);
      long[] after = Arrays.copyOf(before, before.length + 1);
      after[before.length] = writes.first(i);
      perUser.put(writes.second(i), after);
    }
    return perUser;
  }

  /** When the given fraction of the writes so far had happened, counted from the start. */
  synchronized Duration percentile(double fraction) {
    long[] sorted = new long[writes.size()];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = writes.first(i) - startNanos;
    }
    Arrays.sort(sorted);
    return Percentiles.rank(sorted, fraction);
  }

  @Override
  public void close() throws InterruptedException {
    if (listener.isSubscribed()) {
      listener.unsubscribe();
    }
    thread.join(5_000);
    try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
      jedis.configSet("notify-keyspace-events", "");
    }
  }
}
