package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEventGenerator;
import java.util.List;

/**
 * How the shop scores an item for a user; the same rules for every version of the job.
 *
 * <ul>
 *   <li>A user's <em>interest</em> in a window has one number per category: each view of an item of
 *       that category adds 1, each add-to-cart 3, each purchase 5.
 *   <li>An item's score is the dot product of that interest with the item's feature vector from the
 *       catalog, summed in category order.
 *   <li>The recommendation is the {@link #TOP_N} best-scored items; equal scores go to the lower
 *       item id first.
 * </ul>
 */
public final class Scoring {

  /** How many items a recommendation holds. */
  public static final int TOP_N = 10;

  private static final List<String> CATEGORIES = ShopEventGenerator.categories();

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

  /** True when item {@code a} ranks before item {@code b}. */
  public static boolean ranksBefore(double scoreA, long itemA, double scoreB, long itemB) {
    return scoreA > scoreB || (scoreA == scoreB && itemA < itemB);
  }
}
