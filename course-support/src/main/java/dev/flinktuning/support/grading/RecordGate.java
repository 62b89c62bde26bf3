package dev.flinktuning.support.grading;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;

/**
 * Lets a check decide when a generator source emits its records: each source subtask emits only as
 * many records as the check has {@linkplain #release(long) released} so far, then waits, with its
 * task running and its checkpoints completing.
 *
 * <pre>{@code
 * RecordGate gate = RecordGate.closed("balances");
 * new DataGeneratorSource<>(generator, count, gate, types);   // the gate is its rate limit
 * ... start the job ...
 * gate.release(50_000);     // every source subtask may now emit 50,000 records
 * run.awaitSourceRecords(100_000);
 * }</pre>
 *
 * <p>The graded job runs in the check's own JVM (a MiniCluster), so the gate reaches its subtasks
 * through a JVM-wide registry, by name. A source subtask that restarts after a failure starts with
 * the permits released so far, minus none: it replays from its checkpoint, so it may emit again
 * what it had emitted before.
 */
public final class RecordGate implements RateLimiterStrategy<NumberSequenceSplit> {

  private static final long serialVersionUID = 1L;

  private static final Map<String, Shared> GATES = new ConcurrentHashMap<>();

  private final String name;

  private RecordGate(String name) {
    this.name = name;
  }

  /** A gate named {@code name}, closed: its sources emit nothing until a release. */
  public static RecordGate closed(String name) {
    GATES.put(name, new Shared());
    return new RecordGate(name);
  }

  /** Lets every source subtask behind this gate emit {@code records} more records. */
  public void release(long records) {
    shared().release(records);
  }

  /** Lets the sources emit everything they have left. */
  public void open() {
    release(Long.MAX_VALUE / 4);
  }

  private Shared shared() {
    Shared shared = GATES.get(name);
    if (shared == null) {
      throw new IllegalStateException(
          "The record gate '" + name + "' was not created in this JVM; call RecordGate.closed");
    }
    return shared;
  }

  @Override
  public RateLimiter<NumberSequenceSplit> createRateLimiter(int parallelism) {
    return shared().newLimiter();
  }

  /** The permits released so far, and the limiters of the running subtasks. */
  private static final class Shared {
    private final List<GatedLimiter> limiters = new CopyOnWriteArrayList<>();
    private long released;

    synchronized GatedLimiter newLimiter() {
      GatedLimiter limiter = new GatedLimiter(released);
      limiters.add(limiter);
      return limiter;
    }

    synchronized void release(long records) {
      released += records;
      for (GatedLimiter limiter : limiters) {
        limiter.add(records);
      }
    }
  }

  private static final class GatedLimiter implements RateLimiter<NumberSequenceSplit> {
    private long permits;
    private CompletableFuture<Void> waiting;

    GatedLimiter(long permits) {
      this.permits = permits;
    }

    synchronized void add(long records) {
      permits += records;
      if (waiting != null) {
        CompletableFuture<Void> ready = waiting;
        waiting = null;
        ready.complete(null);
      }
    }

    @Override
    public synchronized CompletionStage<Void> acquire(int numberOfEvents) {
      if (permits >= numberOfEvents) {
        permits -= numberOfEvents;
        return CompletableFuture.completedFuture(null);
      }
      // Wait for the next release, then take the permits.
      waiting = new CompletableFuture<>();
      return waiting.thenCompose(ignored -> acquire(numberOfEvents));
    }
  }
}
