package dev.flinktuning.support.grading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("GradingCluster with several TaskManagers and extra configuration")
class GradingClusterConfigurationTest {

  private static final Configuration EXTRA =
      new Configuration().set(CoreOptions.DEFAULT_PARALLELISM, 2);

  @RegisterExtension
  static final GradingCluster CLUSTER =
      GradingCluster.withTaskManagers(2, 1).withConfiguration(EXTRA);

  @Test
  @DisplayName("spreads a job over two one-slot TaskManagers")
  void twoTaskManagers() throws Exception {
    assertThat(CLUSTER.cluster().isRunning()).isTrue();
    StreamExecutionEnvironment env = CLUSTER.environment(2);
    CollectingSink<Long> sink = new CollectingSink<>();
    ShopEvents.stream(env, ShopEventGenerator.withSeed(1), 100).map(e -> e.eventId).sinkTo(sink);
    CLUSTER.run(env);
    assertThat(sink.results()).hasSize(100);
    sink.clear();
  }
}
