package dev.flinktuning.support.grading;

import java.lang.management.ManagementFactory;

/**
 * Bytes the JVM allocates on the current thread while it runs some code: a deterministic measure of
 * how much garbage a per-record function makes, unlike its running time.
 *
 * <pre>{@code
 * double perRecord = AllocationMeter.bytesPerCall(100_000, i -> mapper.map(records[i % n]));
 * }</pre>
 */
public final class AllocationMeter {

  /** Code called once per record, with the call's index. */
  @FunctionalInterface
  public interface PerRecord {
    void call(int index) throws Exception;
  }

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private AllocationMeter() {}

  /**
   * Runs {@code perRecord} for {@code calls} indices after as many warm-up calls (so the JIT has
   * compiled it and escape analysis has removed what it can), and returns the mean bytes allocated
   * per call.
   */
  public static double bytesPerCall(int calls, PerRecord perRecord) throws Exception {
    if (!THREADS.isThreadAllocatedMemorySupported()) {
      throw new IllegalStateException("This JVM cannot count allocated bytes per thread");
    }
    THREADS.setThreadAllocatedMemoryEnabled(true);
    for (int i = 0; i < calls; i++) {
      perRecord.call(i);
    }
    long thread = Thread.currentThread().getId();
    long before = THREADS.getThreadAllocatedBytes(thread);
    for (int i = 0; i < calls; i++) {
      perRecord.call(i);
    }
    long after = THREADS.getThreadAllocatedBytes(thread);
    return (after - before) / (double) calls;
  }
}
