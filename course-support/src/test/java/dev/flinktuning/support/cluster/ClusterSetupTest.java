package dev.flinktuning.support.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.GlobalConfiguration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Course kit · the standalone Flink cluster's folder and class path")
class ClusterSetupTest {

  @TempDir Path home;

  @Test
  @DisplayName("config.yaml reads back in Flink: 127.0.0.1 only, the ports, checkpoint folders")
  void configReadsBackInFlink() throws Exception {
    ClusterSetup setup = new ClusterSetup(home, 18081, 16123, 1).write();
    var config = GlobalConfiguration.loadConfiguration(setup.conf().toString());
    assertThat(config.toMap())
        .containsEntry("rest.bind-address", "127.0.0.1")
        .containsEntry("jobmanager.bind-host", "127.0.0.1")
        .containsEntry("taskmanager.bind-host", "127.0.0.1")
        .containsEntry("rest.port", "18081")
        .containsEntry("jobmanager.rpc.port", "16123")
        .containsEntry("execution.checkpointing.dir", setup.checkpoints().toUri().toString())
        .containsEntry(
            "execution.checkpointing.savepoint-dir", setup.savepoints().toUri().toString());
    assertThat(setup.logs()).isDirectory();
    assertThat(Files.readString(setup.conf().resolve("log4j.properties")))
        .contains("${sys:log.file}");
    setup.delete();
    assertThat(home).doesNotExist();
  }

  @Test
  @DisplayName("the class path holds Flink's jars and RocksDB, not the connector nor the course")
  void classpathHoldsOnlyFlink() {
    Path repo = Path.of("/m2/repository");
    Path runtime = repo.resolve("org/apache/flink/flink-runtime/2.2.1/flink-runtime-2.2.1.jar");
    Path kafka =
        repo.resolve(
            "org/apache/flink/flink-connector-kafka/5.0.0-2.2/flink-connector-kafka-5.0.0-2.2.jar");
    Path tests = repo.resolve("org/apache/flink/flink-runtime/2.2.1/flink-runtime-2.2.1-tests.jar");
    Path course = Path.of("/course/course-support/target/classes");
    assertThat(FlinkClasspath.artifactOf(runtime)).isEqualTo("org.apache.flink:flink-runtime");
    assertThat(FlinkClasspath.artifactOf(kafka)).isNull();
    assertThat(FlinkClasspath.artifactOf(tests)).isNull();
    assertThat(FlinkClasspath.artifactOf(course)).isNull();
    assertThatThrownBy(() -> FlinkClasspath.pick(List.of(runtime, kafka, course)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("flink-clients");
    List<Path> ofThisJvm = FlinkClasspath.ofThisJvm();
    assertThat(ofThisJvm)
        .anyMatch(jar -> jar.toString().contains("flink-statebackend-rocksdb"))
        .noneMatch(jar -> jar.toString().contains("flink-connector-kafka"))
        .noneMatch(jar -> jar.toString().contains("kafka-clients"))
        .noneMatch(jar -> jar.toString().contains("jedis"));
  }
}
