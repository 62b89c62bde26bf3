package dev.flinktuning.casestudy;

import java.time.Duration;

/**
 * What one run of a version of the job did.
 *
 * @param took from submitting the job until it finished
 * @param lastCheckpointBytes bytes the last completed checkpoint uploaded (0 without checkpoints)
 * @param stateBytes the job's whole state in the last completed checkpoint (0 without checkpoints)
 * @param halfWritten time from submitting the job until half of its recommendations were in Redis
 * @param almostAllWritten the same, until 99 % were
 */
public record JobReport(
    String name,
    long events,
    Duration took,
    long catalogCalls,
    long redisRoundTrips,
    long checkpoints,
    long lastCheckpointBytes,
    long stateBytes,
    Duration halfWritten,
    Duration almostAllWritten,
    RecommendationsInRedis output) {

  public double eventsPerSecond() {
    return events / Math.max(0.001, took.toNanos() / 1e9);
  }

  public String summary() {
    return String.format(
        "%s: %,d events in %.1f s (%,.0f events/s), %s, %s, %s, %s",
        name,
        events,
        took.toMillis() / 1000.0,
        eventsPerSecond(),
        count(output.size(), "recommendation"),
        count(catalogCalls, "catalog call"),
        count(redisRoundTrips, "Redis round trip"),
        count(checkpoints, "checkpoint"));
  }

  /** "1 catalog call", "2 catalog calls". */
  static String count(long n, String one) {
    return String.format("%,d %s", n, n == 1 ? one : one + "s");
  }
}
