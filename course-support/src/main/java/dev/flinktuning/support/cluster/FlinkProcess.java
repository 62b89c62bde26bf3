package dev.flinktuning.support.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.taskexecutor.TaskManagerRunner;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * One JVM of a standalone Flink cluster, started as Flink's own scripts start it ({@code
 * jobmanager.sh}, {@code taskmanager.sh}): the entry point class with {@code --configDir}, the JVM
 * memory arguments and dynamic {@code -D} memory settings that Flink's memory calculator derives
 * from {@code config.yaml} (the code behind {@code BashJavaUtils}), the JVM options Flink's
 * distribution passes on Java 17, and its log in a file of its own.
 */
public final class FlinkProcess {

  /**
   * The options Flink's distribution gives every JVM on Java 17 and newer ({@code
   * env.java.opts.all} in its {@code config.yaml}), word for word, as the root pom's {@code
   * flink.jvm.opens}.
   */
  static final List<String> JAVA_17_OPTIONS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private final String name;
  private final Process process;
  private final Path log;
  private final Path out;

  private FlinkProcess(String name, Process process, Path log, Path out) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.out = out;
  }

  /** Starts the JobManager ({@link StandaloneSessionClusterEntrypoint}). */
  static FlinkProcess jobManager(ClusterSetup setup, List<Path> classpath) {
    JobManagerProcessSpec spec =
        JobManagerProcessUtils.processSpecFromConfig(setup.configuration());
    return start(
        setup,
        classpath,
        "jobmanager",
        JobManagerProcessUtils.generateJvmParametersStr(spec, setup.configuration()),
        StandaloneSessionClusterEntrypoint.class.getName(),
        JobManagerProcessUtils.generateDynamicConfigsStr(spec),
        Map.of());
  }

  /**
   * Starts a TaskManager ({@link TaskManagerRunner}) whose resource id (its name in the Web UI and
   * the REST API) is {@code name}.
   */
  static FlinkProcess taskManager(ClusterSetup setup, List<Path> classpath, String name) {
    Configuration config = setup.configuration();
    TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(config);
    return start(
        setup,
        classpath,
        name,
        ProcessMemoryUtils.generateJvmParametersStr(spec),
        TaskManagerRunner.class.getName(),
        TaskExecutorProcessUtils.generateDynamicConfigsStr(spec),
        Map.of("taskmanager.resource-id", name));
  }

  private static FlinkProcess start(
      ClusterSetup setup,
      List<Path> classpath,
      String name,
      String memoryJvmArguments,
      String mainClass,
      String memoryDynamicConfigs,
      Map<String, String> moreDynamicConfigs) {
    Path log = setup.logs().resolve(name + ".log");
    Path out = setup.logs().resolve(name + ".out");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(words(memoryJvmArguments));
    command.addAll(JAVA_17_OPTIONS);
    if (Runtime.version().feature() >= 24) {
      // What the root pom's jdk24+ profile adds: no warnings about Pekko's Unsafe and RocksDB.
      command.add("--sun-misc-unsafe-memory-access=allow");
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    command.addAll(words(setup.jvmOptions()));
    command.add("-Dlog.file=" + log);
    command.add("-Dlog4j.configurationFile=" + setup.conf().resolve("log4j.properties").toUri());
    command.add("-classpath");
    command.add(
        classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
    command.add(mainClass);
    command.add("--configDir");
    command.add(setup.conf().toString());
    command.addAll(words(memoryDynamicConfigs));
    moreDynamicConfigs.forEach(
        (key, value) -> {
          command.add("-D");
          command.add(key + "=" + value);
        });
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(setup.home().toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
              .start();
      return new FlinkProcess(name, process, log, out);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the Flink " + name + " JVM", e);
    }
  }

  private static File nullFile() {
    return new File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  private static List<String> words(String arguments) {
    String stripped = arguments.strip();
    return stripped.isEmpty() ? List.of() : List.of(stripped.split("\\s+"));
  }

  /** jobmanager, or the TaskManager's resource id. */
  public String name() {
    return name;
  }

  /** The process id. */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Its Flink log. */
  public Path log() {
    return log;
  }

  /** Its standard output and error (the JVM's own errors land here). */
  public Path out() {
    return out;
  }

  /**
   * Kills it with SIGKILL ({@link Process#destroyForcibly()} on Linux and macOS; TerminateProcess
   * on Windows): no shutdown hook, no goodbye to the JobManager, as when a machine dies. Waits
   * until it is gone.
   */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "The Flink " + name + " (pid " + pid() + ") is still running 30 s after SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + pid() + ", log " + log + ")";
  }
}
