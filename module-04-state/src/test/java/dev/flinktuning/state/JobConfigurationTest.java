package dev.flinktuning.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Chapter 4 · Exercise 3 · job configuration files")
class JobConfigurationTest {

  @Test
  @DisplayName("both jobs' files name a state backend")
  void filesNameABackend() {
    for (Configuration config :
        new Configuration[] {ItemFunnelJob.configuration(), DedupJob.configuration()}) {
      assertThat(config.getOptional(StateBackendOptions.STATE_BACKEND)).isPresent();
    }
  }

  @Test
  @DisplayName("reads keys and values, skips comments, drops quotes")
  void readsKeysAndValues() {
    Configuration config = JobConfiguration.fromResource("job-configuration-test/good.yaml");
    assertThat(config.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
    assertThat(config.toMap()).containsEntry("execution.checkpointing.incremental", "true");
  }

  @Test
  @DisplayName("says which line is wrong, and why")
  void rejectsBadLines() {
    assertThatThrownBy(() -> JobConfiguration.fromResource("job-configuration-test/typo.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("typo.yaml, line 2")
        .hasMessageContaining("'hashmap' or 'rocksdb'")
        .hasMessageContaining("state.backend.type: rockdb");
    assertThatThrownBy(() -> JobConfiguration.fromResource("job-configuration-test/no-colon.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1: expected 'key: value'");
    assertThatThrownBy(() -> JobConfiguration.fromResource("no-such.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No file no-such.yaml");
  }
}
