package dev.flinktuning.support.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("FlinkConfigFile")
class FlinkConfigFileTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "state.backend.type",
        "execution.checkpointing.interval",
        "execution.checkpointing.dir",
        "execution.checkpointing.savepoint-dir",
        "execution.checkpointing.incremental",
        "execution.checkpointing.unaligned.enabled",
        "execution.checkpointing.aligned-checkpoint-timeout",
        "execution.checkpointing.timeout",
        "execution.checkpointing.min-pause",
        "execution.checkpointing.tolerable-failed-checkpoints",
        "execution.checkpointing.externalized-checkpoint-retention",
        "execution.state-recovery.path",
        "taskmanager.network.memory.buffer-debloat.enabled",
        "restart-strategy.type",
        "pipeline.object-reuse",
      })
  @DisplayName("accepts the Flink 2.2 keys the course uses")
  void acceptsFlink22Keys(String key) {
    assertThat(FlinkConfigFile.problemWithKey(key)).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "state.backend.rocksdb.incremental, execution.checkpointing.incremental",
    "state.backend.incremental, execution.checkpointing.incremental",
    "state.checkpoints.dir, execution.checkpointing.dir",
    "state.savepoints.dir, execution.checkpointing.savepoint-dir",
    "state.backend, state.backend.type",
    "execution.checkpointing.unaligned, execution.checkpointing.unaligned.enabled",
  })
  @DisplayName("refuses keys of Flink 1.x, naming the 2.2 key")
  void refusesOldKeys(String old, String current) {
    assertThat(FlinkConfigFile.problemWithKey(old)).contains(old).contains("'" + current + "'");
  }

  @Test
  @DisplayName("suggests the nearest key for a typo")
  void suggestsForTypos() {
    assertThat(FlinkConfigFile.problemWithKey("execution.checkpointing.incremntal"))
        .contains("did you mean 'execution.checkpointing.incremental'");
  }
}
