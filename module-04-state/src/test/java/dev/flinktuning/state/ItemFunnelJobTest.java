package dev.flinktuning.state;

import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.CollectingSink;
import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.OutputCheck;
import dev.flinktuning.support.grading.RelativeTimer;
import dev.flinktuning.support.i18n.Texts;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Chapter 4 · Exercise 3a · a live funnel per item: small, hot state")
class ItemFunnelJobTest {

  @RegisterExtension static final GradingCluster CLUSTER = GradingCluster.withSlots(2);

  /** The check's texts, in English or Chinese: messages*.properties beside this package's tests. */
  private static final Texts TEXTS = Texts.of(ItemFunnelJobTest.class);

  private static final int PARALLELISM = 2;

  /** 400,000 events over 1,000 items: every event reads and writes its item's funnel. */
  private static final ShopEventGenerator INPUT = ShopEventGenerator.withSeed(31);

  private static final int EVENTS = 400_000;

  private static final List<ItemFunnel> EXPECTED =
      ItemFunnelOracle.expected(INPUT.generate(EVENTS));

  /** A choice worth making: the chosen backend must be at least twice as fast as the other. */
  private static final double SPEEDUP_BUDGET = 2.0;

  @Test
  @DisplayName("emits the same funnels as the oracle, with the configuration of item-funnel.yaml")
  void emitsTheOraclesFunnels() throws Exception {
    runAndCheckOutput(ItemFunnelJob.configuration());
  }

  @GradedCheck(timed = true)
  @DisplayName("item-funnel.yaml chooses the backend that is faster for small, hot state")
  void chosenBackendIsTheFasterOne() throws Exception {
    Configuration chosen = ItemFunnelJob.configuration();
    String chosenBackend = chosen.get(StateBackendOptions.STATE_BACKEND);
    String otherBackend = chosenBackend.equals("hashmap") ? "rocksdb" : "hashmap";
    Configuration other = new Configuration(chosen);
    other.set(StateBackendOptions.STATE_BACKEND, otherBackend);
    runAndCheckOutput(chosen);
    ConfigurationFileCheck.assertChoosesABackend(ItemFunnelJob.CONFIGURATION, chosen);

    double speedup = RelativeTimer.warmUp(1).rounds(3).speedup(() -> run(other), () -> run(chosen));

    Budget.of(TEXTS.get("backendSpeed.what", chosenBackend, otherBackend), "×")
        .measured(speedup)
        .atLeast(SPEEDUP_BUDGET)
        .typically(TEXTS.get("backendSpeed.starter"), TEXTS.get("backendSpeed.reference"))
        .readOn("module-04-state/README.md", "Exercise 3: choosing the state backend")
        .details(TEXTS.get("bestOfRuns", 3, String.format("%,d", EVENTS)))
        .verify();
  }

  private static void runAndCheckOutput(Configuration config) throws Exception {
    OutputCheck.assertSameRecords(TEXTS.get("funnelsAtPurchases"), run(config), EXPECTED);
  }

  private static List<ItemFunnel> run(Configuration config) throws Exception {
    StreamExecutionEnvironment env = CLUSTER.environment(PARALLELISM, config);
    CollectingSink<ItemFunnel> sink =
        CollectingSink.collect(
            ItemFunnelJob.funnelAtPurchases(ShopEvents.stream(env, INPUT, EVENTS)));
    try {
      CLUSTER.run(env);
      return sink.results();
    } finally {
      sink.clear();
    }
  }
}
