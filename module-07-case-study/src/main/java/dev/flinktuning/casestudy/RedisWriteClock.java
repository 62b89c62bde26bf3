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
  private long[] writes = new long[1024];
  private long[] users = new long[1024];
  private int count;

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
    if (count == writes.length) {
      writes = Arrays.copyOf(writes, count * 2);
      users = Arrays.copyOf(users, count * 2);
    }
    users[count] = userOf(key);
    writes[count++] = nanos;
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
    return count;
  }

  /**
   * For each user, the moments ({@link System#nanoTime()}) at which their hash was written, in the
   * order Redis wrote them.
   */
  synchronized Map<Long, long[]> writesPerUser() {
    Map<Long, long[]> perUser = new HashMap<>();
    for (int i = 0; i < count; i++) {
      long[] before = perUser.getOrDefault(users[i], new long[0]);
      long[] after = Arrays.copyOf(before, before.length + 1);
      after[before.length] = writes[i];
      perUser.put(users[i], after);
    }
    return perUser;
  }

  /** When the given fraction of the writes so far had happened, counted from the start. */
  synchronized Duration percentile(double fraction) {
    if (count == 0) {
      return Duration.ZERO;
    }
    long[] sorted = Arrays.copyOf(writes, count);
    Arrays.sort(sorted);
    int index = (int) Math.min(count - 1, Math.ceil(fraction * count) - 1);
    return Duration.ofNanos(sorted[Math.max(0, index)] - startNanos);
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
