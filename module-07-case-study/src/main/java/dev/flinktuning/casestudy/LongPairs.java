package dev.flinktuning.casestudy;

import java.util.Arrays;

/** A growing list of pairs of longs (a moment and a value, say), without boxing. */
final class LongPairs {

  private long[] firsts = new long[1024];
  private long[] seconds = new long[1024];
  private int size;

  void add(long first, long second) {
    if (size == firsts.length) {
      firsts = Arrays.copyOf(firsts, size * 2);
      seconds = Arrays.copyOf(seconds, size * 2);
    }
    firsts[size] = first;
    seconds[size] = second;
    size++;
  }

  int size() {
    return size;
  }

  long first(int i) {
    return firsts[i];
  }

  long second(int i) {
    return seconds[i];
  }

  /** The index of the first pair whose first is {@code first} or more, given firsts ascending. */
  int firstAtLeast(long first) {
    int i = Arrays.binarySearch(firsts, 0, size, first);
    return i < 0 ? -i - 1 : i;
  }
}
