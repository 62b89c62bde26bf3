package dev.flinktuning.casestudy;

import java.time.Duration;
import java.util.Arrays;

/**
 * Latency percentiles by nearest rank: the p-th percentile is the smallest value that at least p %
 * of the values are at or below.
 */
record Percentiles(int count, Duration p50, Duration p90, Duration p99, Duration max) {

  /** The percentiles of latencies given in nanoseconds; all zero when there are none. */
  static Percentiles of(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new Percentiles(
        sorted.length,
        rank(sorted, 0.50),
        rank(sorted, 0.90),
        rank(sorted, 0.99),
        rank(sorted, 1.0));
  }

  /** The value at {@code fraction} (0 to 1) of {@code sorted}, by nearest rank; 0 if empty. */
  static Duration rank(long[] sorted, double fraction) {
    if (sorted.length == 0) {
      return Duration.ZERO;
    }
    int index = (int) Math.ceil(fraction * sorted.length) - 1;
    return Duration.ofNanos(sorted[Math.max(0, Math.min(sorted.length - 1, index))]);
  }
}
