package dev.flinktuning.memory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.ClusterOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint;
import org.apache.flink.runtime.taskexecutor.TaskManagerRunner;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A real Flink cluster on 127.0.0.1: a JobManager in this JVM (Flink's own standalone session
 * entrypoint, the class {@code jobmanager.sh} starts) and one TaskManager in a child JVM started as
 * {@code taskmanager.sh} starts it: {@link TaskManagerRunner} with the JVM arguments and the
 * dynamic configuration that Flink's memory calculator derives from a memory plan (the code behind
 * {@code BashJavaUtils}), followed by the plan's JVM options.
 *
 * <p>The plan is scaled down to fit a laptop (see {@link #scaled}). The child is destroyed on
 * {@link #close()}, and by a shutdown hook should this JVM stop first.
 */
final class RealTaskManager implements AutoCloseable {

  /**
   * Data-holding memory (task heap, task off-heap, managed, network, overhead) is divided by it.
   */
  static final int SCALE = 4;

  /** Flink's smallest memory segment (page) size. */
  private static final MemorySize SMALLEST_SEGMENT = MemorySize.parse("4kb");

  private final Path workDir;
  private final StandaloneSessionClusterEntrypoint jobManager;
  private final Process taskManager;
  private final Thread reaper;
  private final Path taskManagerLog;
  private final List<String> command;

  private RealTaskManager(
      Path workDir,
      StandaloneSessionClusterEntrypoint jobManager,
      Process taskManager,
      Thread reaper,
      Path taskManagerLog,
      List<String> command) {
    this.workDir = workDir;
    this.jobManager = jobManager;
    this.taskManager = taskManager;
    this.reaper = reaper;
    this.taskManagerLog = taskManagerLog;
    this.command = command;
  }

  /**
   * The plan at 1/{@link #SCALE} of its size, in the same proportions: every part that holds data
   * (task heap, task off-heap, managed memory, network memory and the JVM overhead) and the memory
   * segment size are divided by {@link #SCALE}, so the TaskManager has the same number of network
   * buffers and the same share of memory per slot as the full plan. The framework's heap and
   * off-heap memory and the metaspace hold Flink's own objects and classes, which do not shrink
   * with the TaskManager: they keep the plan's sizes. Every other key of the plan is kept.
   */
  static Configuration scaled(Configuration plan, TaskExecutorProcessSpec full) {
    Configuration scaled = new Configuration();
    for (Map.Entry<String, String> entry : plan.toMap().entrySet()) {
      if (!entry.getKey().startsWith("taskmanager.memory.")) {
        scaled.setString(entry.getKey(), entry.getValue());
      }
    }
    scaled.set(TaskManagerOptions.NUM_TASK_SLOTS, full.getNumSlots());
    scaled.set(TaskManagerOptions.FRAMEWORK_HEAP_MEMORY, full.getFlinkMemory().getFrameworkHeap());
    scaled.set(
        TaskManagerOptions.FRAMEWORK_OFF_HEAP_MEMORY, full.getFlinkMemory().getFrameworkOffHeap());
    scaled.set(TaskManagerOptions.TASK_HEAP_MEMORY, divide(full.getTaskHeapSize()));
    scaled.set(TaskManagerOptions.TASK_OFF_HEAP_MEMORY, divide(full.getTaskOffHeapSize()));
    scaled.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, divide(full.getManagedMemorySize()));
    scaled.set(TaskManagerOptions.NETWORK_MEMORY_MIN, divide(full.getNetworkMemSize()));
    scaled.set(TaskManagerOptions.NETWORK_MEMORY_MAX, divide(full.getNetworkMemSize()));
    scaled.set(TaskManagerOptions.JVM_METASPACE, full.getJvmMetaspaceSize());
    scaled.set(TaskManagerOptions.JVM_OVERHEAD_MIN, divide(full.getJvmOverheadSize()));
    scaled.set(TaskManagerOptions.JVM_OVERHEAD_MAX, divide(full.getJvmOverheadSize()));
    MemorySize segment = divide(plan.get(TaskManagerOptions.MEMORY_SEGMENT_SIZE));
    scaled.set(
        TaskManagerOptions.MEMORY_SEGMENT_SIZE,
        segment.getBytes() < SMALLEST_SEGMENT.getBytes() ? SMALLEST_SEGMENT : segment);
    return scaled;
  }

  /**
   * Starts the JobManager here and the TaskManager in a child JVM, both on 127.0.0.1.
   *
   * @param scaledPlan the plan as {@link #scaled} returned it
   * @param jvmOptions the plan's JVM options, placed after Flink's memory arguments (as {@code
   *     env.java.opts.taskmanager} is)
   */
  static RealTaskManager start(Configuration scaledPlan, List<String> jvmOptions) throws Exception {
    Path workDir = Files.createTempDirectory("course-m05-cluster");
    StandaloneSessionClusterEntrypoint jobManager = null;
    Process child = null;
    Thread reaper = null;
    try {
      // The JobManager's RPC port is chosen first, so that the TaskManager's JVM (the slow part)
      // starts while the JobManager starts here; the TaskManager retries until it is up.
      int rpcPort = freePort();
      Configuration cluster = new Configuration();
      cluster.set(JobManagerOptions.ADDRESS, "127.0.0.1");
      cluster.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
      cluster.set(JobManagerOptions.PORT, rpcPort);
      cluster.set(RestOptions.ADDRESS, "127.0.0.1");
      cluster.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
      cluster.set(RestOptions.BIND_PORT, "0");
      cluster.set(JobManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse("1g"));
      cluster.set(ClusterOptions.PROCESS_WORKING_DIR_BASE, workDir.resolve("jm").toString());
      cluster.setString("io.tmp.dirs", workDir.resolve("jm-tmp").toString());
      cluster.setString("web.tmpdir", workDir.resolve("web").toString());

      TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(scaledPlan);
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      for (String argument : ProcessMemoryUtils.generateJvmParametersStr(spec).split("\\s+")) {
        command.add(argument);
      }
      for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        if (argument.startsWith("--add-opens") || argument.startsWith("--add-exports")) {
          command.add(argument); // what Flink's scripts put in env.java.default-opts.all
        }
      }
      command.add("-Dlog4j2.configurationFile=log4j2.xml");
      command.addAll(jvmOptions);
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(TaskManagerRunner.class.getName());
      Path confDir = Files.createDirectories(workDir.resolve("conf"));
      Files.writeString(
          confDir.resolve("config.yaml"), "# the plan comes as -D below\nparallelism.default: 1\n");
      command.add("--configDir");
      command.add(confDir.toString());
      Configuration dynamic = new Configuration(scaledPlan);
      dynamic.set(JobManagerOptions.ADDRESS, "127.0.0.1");
      dynamic.set(JobManagerOptions.PORT, rpcPort);
      dynamic.set(TaskManagerOptions.HOST, "127.0.0.1");
      dynamic.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
      dynamic.set(TaskManagerOptions.RPC_PORT, "0");
      dynamic.setString("taskmanager.data.bind-port", "0");
      dynamic.set(ClusterOptions.PROCESS_WORKING_DIR_BASE, workDir.resolve("tm").toString());
      dynamic.setString("io.tmp.dirs", workDir.resolve("tm-tmp").toString());
      for (Map.Entry<String, String> entry : dynamic.toMap().entrySet()) {
        command.add("-D");
        command.add(entry.getKey() + "=" + entry.getValue());
      }
      // The memory sizes exactly as Flink's start-up scripts pass them (BashJavaUtils' output).
      for (String argument :
          TaskExecutorProcessUtils.generateDynamicConfigsStr(spec).strip().split("\\s+")) {
        command.add(argument);
      }

      Path log = workDir.resolve("taskmanager.out");
      child =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      Process started = child;
      reaper = new Thread(started::destroyForcibly, "taskmanager-reaper");
      Runtime.getRuntime().addShutdownHook(reaper);
      child.getOutputStream().close();
      jobManager = new StandaloneSessionClusterEntrypoint(cluster);
      jobManager.startCluster();
      return new RealTaskManager(workDir, jobManager, child, reaper, log, command);
    } catch (Exception | Error e) {
      if (child != null) {
        child.destroyForcibly();
      }
      if (reaper != null) {
        removeHook(reaper);
      }
      if (jobManager != null) {
        jobManager.closeAsync().get(30, TimeUnit.SECONDS);
      }
      deleteQuietly(workDir);
      throw e;
    }
  }

  /** The JobManager's REST port on 127.0.0.1, where jobs are submitted. */
  int restPort() {
    return jobManager.getRestPort();
  }

  /** Whether the TaskManager process is still running. */
  boolean taskManagerAlive() {
    return taskManager.isAlive();
  }

  /** The TaskManager's exit code, or -1 while it runs. */
  int taskManagerExitCode() {
    return taskManager.isAlive() ? -1 : taskManager.exitValue();
  }

  /** The command line the TaskManager was started with, its long class path left out. */
  String command() {
    return String.join(" ", command)
        .replace(System.getProperty("java.class.path"), "<the test class path>");
  }

  /** The TaskManager's output so far (log and standard error). */
  String taskManagerOutput() {
    try {
      return Files.readString(taskManagerLog, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + taskManagerLog + ": " + e.getMessage() + ")";
    }
  }

  /**
   * The line of the TaskManager's output that says why it failed: an error the JVM or Flink wrote,
   * else the last line.
   */
  String taskManagerFailure() {
    List<String> lines =
        taskManagerOutput().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    for (String line : lines) {
      int oom = line.indexOf("OutOfMemoryError: ");
      if (oom >= 0) {
        String error = "java.lang." + line.substring(oom);
        return error.length() > 300 ? error.substring(0, 300) + "..." : error;
      }
    }
    for (String marker :
        List.of(
            "OutOfMemoryError",
            "Error occurred during initialization of VM",
            "Unrecognized",
            "Insufficient number of network buffers",
            "Exception",
            "ERROR")) {
      for (String line : lines) {
        if (line.contains(marker)) {
          return line;
        }
      }
    }
    return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
  }

  @Override
  public void close() throws Exception {
    try {
      taskManager.destroyForcibly(); // disposable: no graceful shutdown to wait for
      taskManager.waitFor(10, TimeUnit.SECONDS);
    } finally {
      removeHook(reaper);
      try {
        jobManager.closeAsync().get(30, TimeUnit.SECONDS);
      } finally {
        deleteQuietly(workDir);
      }
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static MemorySize divide(MemorySize size) {
    return new MemorySize(size.getBytes() / SCALE);
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder; the OS cleans it eventually
    }
  }

  static String mib(MemorySize size) {
    return String.format(Locale.ROOT, "%,.0f MiB", size.getBytes() / (1024.0 * 1024.0));
  }
}
