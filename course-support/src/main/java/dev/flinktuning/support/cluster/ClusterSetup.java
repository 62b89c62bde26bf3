package dev.flinktuning.support.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * The folder of a standalone Flink session cluster on 127.0.0.1, and what its {@code conf/} holds:
 * {@code config.yaml} (the cluster's configuration, as a Flink distribution reads it) and {@code
 * log4j.properties} (each process logs to its own file in {@code log/}). Checkpoints and savepoints
 * go to {@code checkpoints/} and {@code savepoints/} beside them.
 *
 * <p>Sized for a 2-core laptop: a JobManager of 1 GiB and TaskManagers of 1.25 GiB with one slot
 * each. Heartbeats every second, so a TaskManager that dies is noticed within seconds (Flink's
 * default, 10 s between heartbeats and 50 s before a silent one counts as lost, suits a data
 * centre, not a demo).
 *
 * @param home the cluster's folder
 * @param restPort the REST API's and Web UI's port
 * @param rpcPort the JobManager's RPC port, where TaskManagers register
 * @param slots task slots per TaskManager
 * @param jvmOptions more options for every JVM of the cluster ({@code env.java.opts.all}), or ""
 */
public record ClusterSetup(Path home, int restPort, int rpcPort, int slots, String jvmOptions) {

  /** Where the cluster's processes listen and connect: this machine only. */
  public static final String HOST = "127.0.0.1";

  public ClusterSetup {
    if (slots < 1) {
      throw new IllegalArgumentException("A TaskManager has 1 slot or more, not " + slots);
    }
    jvmOptions = jvmOptions == null ? "" : jvmOptions.strip();
  }

  public ClusterSetup(Path home, int restPort, int rpcPort, int slots) {
    this(home, restPort, rpcPort, slots, "");
  }

  /** The same setup, with these options for every JVM of the cluster. */
  public ClusterSetup withJvmOptions(String options) {
    return new ClusterSetup(home, restPort, rpcPort, slots, options);
  }

  /** A setup in a new temporary folder. */
  public static ClusterSetup inTempFolder(int restPort, int rpcPort, int slots) {
    try {
      return new ClusterSetup(
          Files.createTempDirectory("course-flink-cluster"), restPort, rpcPort, slots);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a folder for the Flink cluster", e);
    }
  }

  public Path conf() {
    return home.resolve("conf");
  }

  public Path logs() {
    return home.resolve("log");
  }

  public Path checkpoints() {
    return home.resolve("checkpoints");
  }

  public Path savepoints() {
    return home.resolve("savepoints");
  }

  /** The Web UI and REST API, e.g. {@code http://127.0.0.1:8081}. */
  public String webUi() {
    return "http://" + HOST + ":" + restPort;
  }

  /** What {@code config.yaml} holds, key by key (Flink 2.2's keys, flat form). */
  public Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("jobmanager.rpc.address", HOST);
    settings.put("jobmanager.rpc.port", Integer.toString(rpcPort));
    settings.put("jobmanager.bind-host", HOST);
    settings.put("jobmanager.memory.process.size", "1024m");
    settings.put("taskmanager.host", HOST);
    settings.put("taskmanager.bind-host", HOST);
    settings.put("taskmanager.memory.process.size", "1280m");
    settings.put("taskmanager.numberOfTaskSlots", Integer.toString(slots));
    settings.put("parallelism.default", "1");
    settings.put("rest.address", HOST);
    settings.put("rest.bind-address", HOST);
    settings.put("rest.port", Integer.toString(restPort));
    settings.put("heartbeat.interval", "1000");
    settings.put("heartbeat.timeout", "15000");
    settings.put("execution.checkpointing.dir", checkpoints().toUri().toString());
    settings.put("execution.checkpointing.savepoint-dir", savepoints().toUri().toString());
    settings.put("io.tmp.dirs", home.resolve("tmp").toString());
    settings.put("web.tmpdir", home.resolve("web").toString());
    if (!jvmOptions.isEmpty()) {
      settings.put("env.java.opts.all", jvmOptions);
    }
    return settings;
  }

  /** {@link #settings()} as a Flink configuration. */
  public Configuration configuration() {
    Configuration config = new Configuration();
    settings().forEach(config::setString);
    return config;
  }

  /** Creates the folders and writes {@code conf/config.yaml} and {@code conf/log4j.properties}. */
  public ClusterSetup write() {
    try {
      for (Path dir :
          new Path[] {
            conf(), logs(), checkpoints(), savepoints(), home.resolve("tmp"), home.resolve("web")
          }) {
        Files.createDirectories(dir);
      }
      StringBuilder yaml =
          new StringBuilder(
              "# A Flink session cluster on 127.0.0.1, written by the course"
                  + " (dev.flinktuning.support.cluster.ClusterSetup).\n");
      settings()
          .forEach(
              (key, value) -> yaml.append(key).append(": ").append(quoted(value)).append('\n'));
      Files.writeString(conf().resolve("config.yaml"), yaml, StandardCharsets.UTF_8);
      Files.writeString(conf().resolve("log4j.properties"), LOG4J, StandardCharsets.UTF_8);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the Flink cluster's folder " + home, e);
    }
  }

  /** Deletes the cluster's folder (logs, checkpoints, savepoints); quietly, as much as it can. */
  public void delete() {
    if (!Files.isDirectory(home)) {
      return;
    }
    try (java.util.stream.Stream<Path> paths = Files.walk(home)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException ignored) {
                  // Left behind in the temporary folder; the system cleans it up.
                }
              });
    } catch (IOException | UncheckedIOException ignored) {
      // As above.
    }
  }

  private static String quoted(String value) {
    return value.matches("[A-Za-z0-9_./:-]*") ? value : "'" + value.replace("'", "''") + "'";
  }

  /** Each process to its own file, {@code -Dlog.file}, as Flink's own scripts set it. */
  private static final String LOG4J =
      """
      monitorInterval = 0
      rootLogger.level = INFO
      rootLogger.appenderRef.file.ref = MainAppender
      logger.pekko.name = org.apache.pekko
      logger.pekko.level = INFO
      logger.kafka.name = org.apache.kafka
      logger.kafka.level = WARN
      logger.zookeeper.name = org.apache.zookeeper
      logger.zookeeper.level = WARN
      appender.main.name = MainAppender
      appender.main.type = File
      appender.main.append = false
      appender.main.fileName = ${sys:log.file}
      appender.main.layout.type = PatternLayout
      appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
      """;
}
