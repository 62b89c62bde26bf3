package dev.flinktuning.support.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the item catalog knows about an item: its category, its price and a feature vector with one
 * weight per category (how well the item fits a shopper who likes that category).
 *
 * <p>A Flink POJO. On the wire of the catalog service it is one line of text, see {@link
 * #toLine()}.
 */
public class ItemProfile {

  public long itemId;
  public String category;
  public long priceCents;

  /** One weight per entry of {@link ShopEventGenerator#categories()}, in that order. */
  public double[] features;

  public ItemProfile() {}

  public ItemProfile(long itemId, String category, long priceCents, double[] features) {
    this.itemId = itemId;
    this.category = category;
    this.priceCents = priceCents;
    this.features = features;
  }

  /**
   * {@code itemId,category,priceCents,f0 f1 ... f9}; doubles are written so they read back exactly.
   */
  public String toLine() {
    StringBuilder line = new StringBuilder(128);
    line.append(itemId).append(',').append(category).append(',').append(priceCents).append(',');
    for (int i = 0; i < features.length; i++) {
      if (i > 0) {
        line.append(' ');
      }
      line.append(features[i]);
    }
    return line.toString();
  }

  /**
   * Reads a line written by {@link #toLine()}.
   *
   * @throws IllegalArgumentException with the line quoted, when it is not an item profile
   */
  public static ItemProfile fromLine(String line) {
    String[] parts = line.split(",", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException(
          "An item profile has 4 comma-separated fields (itemId,category,priceCents,features),"
              + " not "
              + parts.length
              + ": '"
              + line
              + "'");
    }
    try {
      String[] weights = parts[3].trim().split(" ");
      double[] features = new double[weights.length];
      for (int i = 0; i < weights.length; i++) {
        features[i] = Double.parseDouble(weights[i]);
      }
      return new ItemProfile(
          Long.parseLong(parts[0]), parts[1], Long.parseLong(parts[2]), features);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Not a number in item profile '" + line + "'", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ItemProfile)) {
      return false;
    }
    ItemProfile that = (ItemProfile) o;
    return itemId == that.itemId
        && priceCents == that.priceCents
        && Objects.equals(category, that.category)
        && Arrays.equals(features, that.features);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(itemId);
  }

  @Override
  public String toString() {
    return toLine();
  }
}
