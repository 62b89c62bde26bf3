package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEventGenerator;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * How the shop scores an item for a user; the same rules for every version of the job.
 *
 * <ul>
 *   <li>A user's <em>interest</em> in a window has one number per category: each view of an item of
 *       that category adds 1, each add-to-cart 3, each purchase 5.
 *   <li>An item's score is the dot product of that interest with the item's feature vector from the
 *       catalog, summed in category order.
 *   <li>The recommendation is the {@link #TOP_N} best-scored items; equal scores go to the lower
 *       item id first. Rank two items with {@link #compare} or {@link #ranksBefore}: both count
 *       their calls, and a graded check reads the count ({@link #comparisons}) to see how much
 *       ranking work a recommendation costs.
 * </ul>
 */
public final class Scoring {

  /** How many items a recommendation holds. */
  public static final int TOP_N = 10;

  private static final List<String> CATEGORIES = ShopEventGenerator.categories();

  /**
   * Comparisons made in this JVM, by every subtask; a {@code LongAdder}, so they do not contend.
   */
  private static final LongAdder COMPARISONS = new LongAdder();

  private Scoring() {}

  /** Number of entries in an interest vector: one per category. */
  public static int categories() {
    return CATEGORIES.size();
  }

  /** Where a category's weight sits in an interest or feature vector. */
  public static int categoryIndex(String category) {
    int index = CATEGORIES.indexOf(category);
    if (index < 0) {
      throw new IllegalArgumentException("Unknown category '" + category + "'");
    }
    return index;
  }

  /** What one event adds to its category's interest. */
  public static long weightOf(EventType type) {
    switch (type) {
      case VIEW:
        return 1;
      case CART:
        return 3;
      case PURCHASE:
        return 5;
      default:
        throw new IllegalArgumentException("Unknown event type " + type);
    }
  }

  /** The item's score for this interest. */
  public static double score(long[] interest, double[] features) {
    double score = 0;
    for (int c = 0; c < interest.length; c++) {
      score += interest[c] * features[c];
    }
    return score;
  }

  /**
   * Ranks item {@code a} against item {@code b}, as a {@link java.util.Comparator} would: negative
   * when {@code a} comes first (a higher score, or an equal score and a lower id), positive when
   * {@code b} does. Counted.
   */
  public static int compare(double scoreA, long itemA, double scoreB, long itemB) {
    COMPARISONS.increment();
    int byScore = Double.compare(scoreB, scoreA);
    return byScore != 0 ? byScore : Long.compare(itemA, itemB);
  }

  /** True when item {@code a} ranks before item {@code b}. Counted, as one {@link #compare}. */
  public static boolean ranksBefore(double scoreA, long itemA, double scoreB, long itemB) {
    return compare(scoreA, itemA, scoreB, itemB) < 0;
  }

  /** How many times {@link #compare} and {@link #ranksBefore} ran in this JVM since the reset. */
  public static long comparisons() {
    return COMPARISONS.sum();
  }

  /** Starts the count of comparisons again from zero. */
  public static void resetComparisons() {
    COMPARISONS.reset();
  }
}
