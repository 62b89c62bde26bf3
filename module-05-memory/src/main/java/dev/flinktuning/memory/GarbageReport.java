package dev.flinktuning.memory;

import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Exercise 2: parses a million lines with {@link ParseActivity} on one thread, and prints the bytes
 * it allocated and how often, and how long, the garbage collector ran meanwhile. Add {@code
 * -Xlog:gc} to the JVM's options to see each collection.
 */
public final class GarbageReport {

  private static final int LINES = 1_000_000;

  private GarbageReport() {}

  public static void main(String[] args) throws Exception {
    List<String> lines = new ArrayList<>(LINES);
    for (ShopEvent event : ShopEventGenerator.withSeed(6).generate(LINES)) {
      lines.add(event.toCsv());
    }
    ParseActivity parser = new ParseActivity();
    for (int i = 0; i < 100_000; i++) {
      parser.map(lines.get(i)); // warm-up, so the JIT has compiled the parser
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] before = gcCountAndMillis();
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    long start = System.nanoTime();
    long checksum = 0;
    for (String line : lines) {
      checksum += parser.map(line).userId;
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    long[] after = gcCountAndMillis();
    System.out.printf(
        "%nParsed %,d lines in %,d ms (checksum %d).%n"
            + "  Allocated: %,d bytes, %,.0f bytes per line.%n"
            + "  Garbage collections meanwhile: %,d, taking %,d ms in all (heap: -Xmx %,d MiB).%n",
        LINES,
        millis,
        checksum,
        allocated,
        allocated / (double) LINES,
        after[0] - before[0],
        after[1] - before[1],
        Runtime.getRuntime().maxMemory() / (1024 * 1024));
  }

  private static long[] gcCountAndMillis() {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
      millis += Math.max(0, gc.getCollectionTime());
    }
    return new long[] {count, millis};
  }
}
