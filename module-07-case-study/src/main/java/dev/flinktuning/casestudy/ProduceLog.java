package dev.flinktuning.casestudy;

import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the producer wrote and when, by the wall clock, kept as it writes: per Kafka partition, the
 * moments at which the largest event time written so far grew; per window, which users have events
 * in it. From it come the moment at which the input made a window complete ({@link #completedAt})
 * and how many recommendations the job owes for the windows completed ({@link
 * #recommendationsOwed}).
 *
 * <p>A window of the job ({@code windowSize} long, one ending every {@code slide}) can be fired
 * only when the watermark passes its end {@code W}. With watermarks {@code bound} behind the
 * largest event time of each partition, that is once every partition has an event at {@code W +
 * bound} or later. The moment the producer wrote the last of those events is when the window's
 * input was complete; anything after it is the job's (and Kafka's, and Redis's) latency.
 */
final class ProduceLog {

  private final long windowSize;
  private final long slide;
  private final long bound;
  private final Partition[] partitions;
  private final Map<Long, BitSet> usersPerWindow = new TreeMap<>();

  ProduceLog(int partitions, long windowSize, long slide, long bound) {
    this.windowSize = windowSize;
    this.slide = slide;
    this.bound = bound;
    this.partitions = new Partition[partitions];
    for (int p = 0; p < partitions; p++) {
      this.partitions[p] = new Partition();
    }
  }

  /** For the recommendation job: 2 partitions, 1 h windows every 5 min, watermarks 2 s behind. */
  static ProduceLog forCaseStudy() {
    return new ProduceLog(CaseStudyServices.PARTITIONS, 3_600_000, 300_000, 2_000);
  }

  /**
   * Notes an event written to a partition: its user, its event time, the lines written (the event,
   * and a line that is not an event now and then) and the wall-clock moment, in nanoseconds.
   */
  synchronized void written(int partition, long userId, long eventTime, int lines, long nanos) {
    partitions[partition].written(eventTime, lines, nanos);
    long firstEnd = Math.floorDiv(eventTime, slide) * slide + slide;
    for (long end = firstEnd; end <= eventTime + windowSize; end += slide) {
      usersPerWindow.computeIfAbsent(end, e -> new BitSet()).set(Math.toIntExact(userId));
    }
  }

  /** Lines written to a partition so far: the offset its next line will get. */
  synchronized long lines(int partition) {
    return partitions[partition].lines;
  }

  /** Lines written to all partitions so far. */
  synchronized long lines() {
    long all = 0;
    for (Partition partition : partitions) {
      all += partition.lines;
    }
    return all;
  }

  /**
   * The wall-clock moment (nanoseconds) at which the input made the window ending at {@code
   * windowEnd} complete: when the last partition got an event at {@code windowEnd + bound} or
   * later. {@code -1} if the input so far has not completed it.
   */
  synchronized long completedAt(long windowEnd) {
    long at = -1;
    for (Partition partition : partitions) {
      long reached = partition.reached(windowEnd + bound);
      if (reached < 0) {
        return -1;
      }
      at = Math.max(at, reached);
    }
    return at;
  }

  /**
   * Recommendations the job owes for the windows the input has completed: one per user with an
   * event in the window.
   */
  synchronized long recommendationsOwed() {
    long owed = 0;
    for (Map.Entry<Long, BitSet> window : usersPerWindow.entrySet()) {
      if (completedAt(window.getKey()) >= 0) {
        owed += window.getValue().cardinality();
      }
    }
    return owed;
  }

  /** One partition: when its largest event time grew, and to what. */
  private static final class Partition {
    /** The largest event time so far, and when (nanoseconds) it was reached. */
    private final LongPairs maxTimes = new LongPairs();

    private long lines;

    void written(long eventTime, int lineCount, long at) {
      lines += lineCount;
      int size = maxTimes.size();
      if (size == 0 || eventTime > maxTimes.first(size - 1)) {
        maxTimes.add(eventTime, at);
      }
    }

    /** When the largest event time first reached {@code time}; -1 if it has not. */
    long reached(long time) {
      int i = maxTimes.firstAtLeast(time);
      return i < maxTimes.size() ? maxTimes.second(i) : -1;
    }
  }
}
