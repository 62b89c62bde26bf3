package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.ItemProfile;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Scores the catalog's items for each window's interest vector, with the catalog from broadcast
 * state: every subtask holds a copy, so no call leaves the job. The catalog changes during the day,
 * and a window is scored with the catalog as it was at the window's end.
 *
 * <p>The catalog and the interest vectors come on two inputs, and Flink does not order one input
 * against the other: a change may arrive long before the windows it applies to, or after. So the
 * broadcast state keeps each item's history ({@link ItemHistory}), and a vector waits in keyed
 * state for an event-time timer at its window's end. The timer fires once the watermarks of both
 * inputs have passed it: by then every change up to the window's end has arrived.
 */
public class RecommendWithCatalog
    extends KeyedBroadcastProcessFunction<Long, UserInterest, CatalogSnapshot, Recommendation> {

  /** The catalog: each item's history, by item id. */
  public static final MapStateDescriptor<Long, ItemHistory> CATALOG =
      new MapStateDescriptor<>("catalog", Types.LONG, TypeInformation.of(ItemHistory.class));

  /** The user's vectors that wait for their window's timer, by window end. */
  private transient MapState<Long, UserInterest> waiting;

  @Override
  public void open(OpenContext openContext) {
    waiting =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "waiting-for-catalog", Types.LONG, TypeInformation.of(UserInterest.class)));
  }

  @Override
  public void processElement(
      UserInterest interest, ReadOnlyContext context, Collector<Recommendation> out)
      throws Exception {
    waiting.put(interest.windowEnd, interest);
    context.timerService().registerEventTimeTimer(interest.windowEnd - 1);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<Recommendation> out)
      throws Exception {
    UserInterest interest = waiting.get(timestamp + 1);
    if (interest != null) {
      waiting.remove(timestamp + 1);
      out.collect(recommend(interest, context.getBroadcastState(CATALOG), timestamp));
    }
  }

  @Override
  public void processBroadcastElement(
      CatalogSnapshot snapshot, Context context, Collector<Recommendation> out) throws Exception {
    BroadcastState<Long, ItemHistory> catalog = context.getBroadcastState(CATALOG);
    long watermark = context.currentWatermark();
    for (ItemProfile item : snapshot.items) {
      ItemHistory history = catalog.get(item.itemId);
      catalog.put(
          item.itemId,
          history == null
              ? ItemHistory.of(snapshot.from, item)
              : history.with(snapshot.from, item, watermark));
    }
  }

  /** The best items for the vector, with every item as it was at event time {@code time}. */
  private static Recommendation recommend(
      UserInterest interest, ReadOnlyBroadcastState<Long, ItemHistory> catalog, long time)
      throws Exception {
    TopItems top = new TopItems(Scoring.TOP_N);
    for (Map.Entry<Long, ItemHistory> entry : catalog.immutableEntries()) {
      ItemProfile item = entry.getValue().asOf(time);
      if (item != null) {
        top.offer(item.itemId, Scoring.score(interest.interest, item.features));
      }
    }
    return new Recommendation(interest.userId, interest.windowEnd, top.bestFirst());
  }
}
