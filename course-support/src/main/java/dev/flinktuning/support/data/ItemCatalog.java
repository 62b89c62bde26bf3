package dev.flinktuning.support.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The shop's item catalog: a profile for every item id the {@link ShopEventGenerator} uses, the
 * same on every run for the same seed. Item {@code i} has the category and price the generator
 * gives it, weight 1.0 for its own category and a weight between 0 and 0.5 for each other one.
 */
public final class ItemCatalog {

  private ItemCatalog() {}

  /** Profiles of items {@code 0 .. items-1}, in id order. */
  public static List<ItemProfile> generate(long seed, int items) {
    List<String> categories = ShopEventGenerator.categories();
    List<ItemProfile> profiles = new ArrayList<>(items);
    for (long itemId = 0; itemId < items; itemId++) {
      SplittableRandom random = new SplittableRandom(seed * 31 + itemId);
      double[] features = new double[categories.size()];
      for (int c = 0; c < features.length; c++) {
        features[c] = random.nextInt(500) / 1000.0;
      }
      String category = ShopEventGenerator.categoryOf(itemId);
      features[categories.indexOf(category)] = 1.0;
      profiles.add(new ItemProfile(itemId, category, ShopEventGenerator.priceOf(itemId), features));
    }
    return profiles;
  }
}
