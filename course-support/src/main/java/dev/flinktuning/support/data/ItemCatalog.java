package dev.flinktuning.support.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The shop's item catalog: a profile for every item id the {@link ShopEventGenerator} uses, the
 * same on every run for the same seed. Item {@code i} has the category and price the generator
 * gives it, weight 1.0 for its own category and a weight between 0 and 0.5 for each other one.
 *
 * <p>The catalog also changes during the day ({@link #changes}): 40 minutes after the first event,
 * about one item in ten gets a stronger profile (a promotion); 80 minutes after it, about one other
 * item in ten gets a weaker one. Each item changes at most once.
 */
public final class ItemCatalog {

  /** When the promotions take effect: this long after the first event's time. */
  public static final long PROMOTION_AFTER_MILLIS = 40 * 60_000;

  /** When the demotions take effect: this long after the first event's time. */
  public static final long DEMOTION_AFTER_MILLIS = 80 * 60_000;

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

  /**
   * The catalog's changes for the items of {@link #generate}, in the order of their times: each
   * promoted item's weights are 1.5 times as large, each demoted item's a fifth as large.
   *
   * @param startMillis the event time of the first event (the generator's start)
   */
  public static List<CatalogChange> changes(long seed, int items, long startMillis) {
    List<ItemProfile> profiles = generate(seed, items);
    List<CatalogChange> promotions = new ArrayList<>();
    List<CatalogChange> demotions = new ArrayList<>();
    for (ItemProfile profile : profiles) {
      int draw = new SplittableRandom(seed * 53 + profile.itemId).nextInt(10);
      if (draw == 0) {
        promotions.add(
            new CatalogChange(startMillis + PROMOTION_AFTER_MILLIS, scaled(profile, 1.5)));
      } else if (draw == 1) {
        demotions.add(new CatalogChange(startMillis + DEMOTION_AFTER_MILLIS, scaled(profile, 0.2)));
      }
    }
    List<CatalogChange> changes = new ArrayList<>(promotions);
    changes.addAll(demotions);
    return changes;
  }

  /**
   * The catalog as it stands at event time {@code time}: the items of {@code catalog}, each
   * replaced by its latest change that takes effect at {@code time} or before, in id order of the
   * first appearance.
   */
  public static List<ItemProfile> asOf(
      List<ItemProfile> catalog, List<CatalogChange> changes, long time) {
    Map<Long, ItemProfile> byId = new LinkedHashMap<>();
    for (ItemProfile item : catalog) {
      byId.put(item.itemId, item);
    }
    changes.stream()
        .filter(change -> change.effectiveAt <= time)
        .sorted((a, b) -> Long.compare(a.effectiveAt, b.effectiveAt))
        .forEach(change -> byId.put(change.item.itemId, change.item));
    return new ArrayList<>(byId.values());
  }

  private static ItemProfile scaled(ItemProfile profile, double factor) {
    double[] features = new double[profile.features.length];
    for (int c = 0; c < features.length; c++) {
      features[c] = profile.features[c] * factor;
    }
    return new ItemProfile(profile.itemId, profile.category, profile.priceCents, features);
  }
}
