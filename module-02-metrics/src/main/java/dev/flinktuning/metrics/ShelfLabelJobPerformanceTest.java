package dev.flinktuning.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flinktuning.support.data.ItemCatalog;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.services.CatalogService;
import java.time.Duration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exercise 4 of chapter 2: a performance regression test for {@link ShelfLabelJob}. You edit this
 * class.
 *
 * <p>It should fail whenever a change makes the job slow (more catalog requests than its contract
 * allows) or wrong, and pass on the job as it is. As given, it is the harness of the source
 * tutorial's performance-testing section, and it measures nothing: the job runs in {@code
 * AfterEach}, after the "measurement"; the time it takes is the time to <em>build</em> the
 * pipeline; and nobody looks at the output.
 *
 * <p>It sits in {@code src/main/java} so that the course's reference solution and its graded check
 * can swap it; in your own project such a test belongs in {@code src/test/java}.
 */
public class ShelfLabelJobPerformanceTest {

  @RegisterExtension static final GradingCluster CLUSTER = GradingCluster.withSlots(2);

  private static final int ITEMS = 100;
  private static final ShopEventGenerator INPUT = ShopEventGenerator.withSeed(4).items(ITEMS);
  private static final int EVENTS = 5_000;

  private CatalogService catalog;
  private StreamExecutionEnvironment env;
  private long startMillis;

  @BeforeEach
  void setUp() {
    catalog = CatalogService.start(ItemCatalog.generate(4, ITEMS), Duration.ZERO);
    env = CLUSTER.environment(2);
    startMillis = System.currentTimeMillis();
  }

  @Test
  void labelsPurchasesQuickly() {
    ShelfLabelJob.labels(ShopEvents.stream(env, INPUT, EVENTS), catalog.url())
        .sinkTo(new DiscardingSink<>());
    long tookMillis = System.currentTimeMillis() - startMillis;
    assertTrue(tookMillis < 5_000, "labelling took " + tookMillis + " ms");
  }

  @AfterEach
  void tearDown() throws Exception {
    env.execute("Shelf labels");
    catalog.close();
  }
}
