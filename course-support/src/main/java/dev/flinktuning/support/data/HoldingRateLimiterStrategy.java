package dev.flinktuning.support.data;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;

/**
 * Lets each source subtask emit a set number of records, then holds it open without emitting more.
 *
 * <p>A source that holds stays running, so no final watermark closes the open windows, and
 * checkpoints still complete: a test can then snapshot exactly the state the records built.
 */
final class HoldingRateLimiterStrategy implements RateLimiterStrategy<NumberSequenceSplit> {

  private static final long serialVersionUID = 1L;

  private final long recordsPerSubtask;

  HoldingRateLimiterStrategy(long recordsPerSubtask) {
    this.recordsPerSubtask = recordsPerSubtask;
  }

  @Override
  public RateLimiter<NumberSequenceSplit> createRateLimiter(int parallelism) {
    return new HoldingRateLimiter(recordsPerSubtask);
  }

  private static final class HoldingRateLimiter implements RateLimiter<NumberSequenceSplit> {

    private static final CompletableFuture<Void> NEVER = new CompletableFuture<>();

    private long remaining;

    HoldingRateLimiter(long remaining) {
      this.remaining = remaining;
    }

    @Override
    public CompletionStage<Void> acquire(int numberOfEvents) {
      if (remaining >= numberOfEvents) {
        remaining -= numberOfEvents;
        return CompletableFuture.completedFuture(null);
      }
      return NEVER;
    }
  }
}
