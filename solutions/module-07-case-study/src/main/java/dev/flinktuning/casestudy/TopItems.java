package dev.flinktuning.casestudy;

import java.util.PriorityQueue;

/**
 * The best {@code n} items seen so far, in a heap of {@code n}: an item worse than the current n-th
 * costs one comparison, a better one about {@code 3 log n}. Nothing is sorted but the final n.
 */
public final class TopItems {

  private final int n;

  /** The worst kept item on top, so it is the one to compare with and to drop. */
  private final PriorityQueue<Scored> heap;

  public TopItems(int n) {
    this.n = n;
    this.heap =
        new PriorityQueue<>(n + 1, (a, b) -> Scoring.compare(b.score, b.itemId, a.score, a.itemId));
  }

  public void offer(long itemId, double score) {
    if (heap.size() < n) {
      heap.add(new Scored(itemId, score));
    } else if (Scoring.ranksBefore(score, itemId, heap.peek().score, heap.peek().itemId)) {
      heap.poll();
      heap.add(new Scored(itemId, score));
    }
  }

  /** The kept items' ids, best first. */
  public long[] bestFirst() {
    long[] ids = new long[heap.size()];
    for (int i = ids.length - 1; i >= 0; i--) {
      ids[i] = heap.poll().itemId;
    }
    return ids;
  }

  private record Scored(long itemId, double score) {}
}
