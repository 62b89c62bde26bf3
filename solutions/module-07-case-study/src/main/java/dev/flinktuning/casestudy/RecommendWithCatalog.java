package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.ItemProfile;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Scores the catalog's items for each window's interest vector, with the catalog from broadcast
 * state: every subtask holds a copy, so no call leaves the job.
 *
 * <p>The catalog and the interest vectors come on two inputs, and Flink does not order one input
 * against the other. A vector that arrives before the catalog waits in keyed state; when the
 * catalog arrives, every waiting vector is scored at once ({@code applyToKeyedState}).
 */
public class RecommendWithCatalog
    extends KeyedBroadcastProcessFunction<Long, UserInterest, CatalogSnapshot, Recommendation> {

  /** The catalog, under one key: the latest snapshot wins. */
  public static final MapStateDescriptor<String, CatalogSnapshot> CATALOG =
      new MapStateDescriptor<>("catalog", Types.STRING, TypeInformation.of(CatalogSnapshot.class));

  private static final String CURRENT = "current";

  private final ListStateDescriptor<UserInterest> waitingDescriptor =
      new ListStateDescriptor<>("waiting-for-catalog", UserInterest.class);

  private transient ListState<UserInterest> waiting;

  @Override
  public void open(OpenContext openContext) {
    // A vector waits for the catalog for seconds; should the catalog never come, it is not kept
    // for ever.
    waitingDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofHours(1)).build());
    waiting = getRuntimeContext().getListState(waitingDescriptor);
  }

  @Override
  public void processElement(
      UserInterest interest, ReadOnlyContext context, Collector<Recommendation> out)
      throws Exception {
    CatalogSnapshot catalog = context.getBroadcastState(CATALOG).get(CURRENT);
    if (catalog == null) {
      waiting.add(interest);
    } else {
      out.collect(recommend(interest, catalog));
    }
  }

  @Override
  public void processBroadcastElement(
      CatalogSnapshot catalog, Context context, Collector<Recommendation> out) throws Exception {
    BroadcastState<String, CatalogSnapshot> state = context.getBroadcastState(CATALOG);
    state.put(CURRENT, catalog);
    context.applyToKeyedState(
        waitingDescriptor,
        (userId, waitingForUser) -> {
          for (UserInterest interest : waitingForUser.get()) {
            out.collect(recommend(interest, catalog));
          }
          waitingForUser.clear();
        });
  }

  private static Recommendation recommend(UserInterest interest, CatalogSnapshot catalog) {
    TopItems top = new TopItems(Scoring.TOP_N);
    for (ItemProfile item : catalog.items) {
      top.offer(item.itemId, Scoring.score(interest.interest, item.features));
    }
    return new Recommendation(interest.userId, interest.windowEnd, top.bestFirst());
  }
}
