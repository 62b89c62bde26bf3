package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.ItemProfile;
import dev.flinktuning.support.services.CatalogClient;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * The starter's recommender: when a user's window fires, it walks every event the window kept, asks
 * the catalog for every item profile as it was at the window's end, scores them all, sorts them all
 * and keeps the top ten.
 */
public class RecommendFromWholeWindow
    extends ProcessWindowFunction<UserBehavior, Recommendation, Long, TimeWindow> {

  private final CatalogClient catalog;

  public RecommendFromWholeWindow(String catalogUrl) {
    this.catalog = new CatalogClient(catalogUrl);
  }

  @Override
  public void process(
      Long userId,
      Context context,
      Iterable<UserBehavior> behaviors,
      Collector<Recommendation> out) {
    long[] interest = new long[Scoring.categories()];
    for (UserBehavior behavior : behaviors) {
      interest[Scoring.categoryIndex(behavior.category())] += Scoring.weightOf(behavior.type());
    }

    List<ItemProfile> items = catalog.allItemsAsOf(context.window().maxTimestamp());
    List<ScoredItem> scored = new ArrayList<>(items.size());
    for (ItemProfile item : items) {
      scored.add(new ScoredItem(item.itemId, Scoring.score(interest, item.features)));
    }
    scored.sort((a, b) -> Scoring.compare(a.score, a.itemId, b.score, b.itemId));

    long[] top = new long[Math.min(Scoring.TOP_N, scored.size())];
    for (int i = 0; i < top.length; i++) {
      top[i] = scored.get(i).itemId;
    }
    out.collect(new Recommendation(userId, context.window().getEnd(), top));
  }

  private static final class ScoredItem {
    final long itemId;
    final double score;

    ScoredItem(long itemId, double score) {
      this.itemId = itemId;
      this.score = score;
    }
  }
}
