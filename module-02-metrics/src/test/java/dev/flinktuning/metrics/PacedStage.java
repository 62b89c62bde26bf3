package dev.flinktuning.metrics;

import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * A stage that costs a set time per record, for the bottleneck checks: it keeps a debt of time and
 * pays it by sleeping once it reaches 2 ms, measuring the sleep so overshoot is paid back. Flink
 * counts the sleep as busy time, as it would count a slow call; unlike burning CPU, it costs the
 * same on a loaded machine, so which stage limits the job does not depend on the machine.
 */
final class PacedStage implements MapFunction<Long, Long> {

  private static final long serialVersionUID = 1L;
  private static final long PAY_AT_NANOS = 2_000_000;

  private final long nanosPerRecord;
  private transient long debtNanos;

  PacedStage(long microsPerRecord) {
    this.nanosPerRecord = microsPerRecord * 1_000;
  }

  @Override
  public Long map(Long value) {
    debtNanos += nanosPerRecord;
    if (debtNanos >= PAY_AT_NANOS) {
      long start = System.nanoTime();
      LockSupport.parkNanos(debtNanos);
      debtNanos -= System.nanoTime() - start;
    }
    return value;
  }
}
