package dev.flinktuning.support.cli;

import dev.flinktuning.support.cluster.ClusterSetup;
import dev.flinktuning.support.cluster.FlinkProcess;
import dev.flinktuning.support.cluster.StandaloneCluster;
import dev.flinktuning.support.services.LoopbackPorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code course cluster}: a standalone Flink 2.2 session cluster on 127.0.0.1, for a real failover
 * in front of a room. A JobManager and TaskManagers, each a JVM of its own started as {@code
 * bin/start-cluster.sh} starts them (see {@link StandaloneCluster}), with the Web UI. It prints
 * where everything is, optionally submits a job jar over the REST API, and then reads one key per
 * line: kill a TaskManager with SIGKILL, start another, stop the jobs with a savepoint, resume from
 * it, list, quit. Ctrl-C stops every process it started.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a standalone Flink 2.2 cluster on 127.0.0.1 (a JobManager and TaskManagers, each a"
          + " JVM of its own, with the Web UI), optionally submits a job jar, and lets you kill a"
          + " TaskManager (SIGKILL), start another, stop with a savepoint and resume. Ctrl-C"
          + " stops everything.",
      "With the chapter 7 job: ./course services in one terminal, then"
          + " ./course cluster --jar module-07-case-study/target/solution/"
          + "module-07-case-study-1.0-SNAPSHOT-job.jar -- <the job's arguments it printed>"
    })
final class ClusterCommand extends Course.CourseCommand {

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Port of the Web UI and REST API (default ${DEFAULT-VALUE}; 0: a free one).",
      defaultValue = "8081")
  int port;

  @Option(
      names = "--task-managers",
      paramLabel = "N",
      description = "TaskManagers to start (default ${DEFAULT-VALUE}).",
      defaultValue = "2")
  int taskManagers;

  @Option(
      names = "--slots",
      paramLabel = "N",
      description = "Task slots per TaskManager (default ${DEFAULT-VALUE}).",
      defaultValue = "1")
  int slots;

  @Option(
      names = "--jar",
      paramLabel = "JAR",
      description = "A job jar to submit once the cluster is up (its arguments after --).")
  Path jar;

  @Option(
      names = "--parallelism",
      paramLabel = "P",
      description = "The submitted job's parallelism (default: every slot).")
  Integer parallelism;

  @Parameters(
      paramLabel = "ARGS",
      description = "The job's own arguments, after --, e.g. -- --kafka 127.0.0.1:9092 ...")
  List<String> jobArguments = new ArrayList<>();

  private String jarId;
  private String lastSavepoint;

  @Override
  public Integer call() throws Exception {
    validate();
    PrintWriter out = out();
    int restPort = port == 0 ? LoopbackPorts.free(1)[0] : port;
    int rpcPort = LoopbackPorts.free(1, restPort)[0];
    ClusterSetup setup = ClusterSetup.inTempFolder(restPort, rpcPort, slots);
    out.printf(
        Locale.ROOT,
        "Starting a Flink cluster on 127.0.0.1: a JobManager and %d %s of %d %s each, each a JVM"
            + " of its own ...%n",
        taskManagers,
        taskManagers == 1 ? "TaskManager" : "TaskManagers",
        slots,
        slots == 1 ? "slot" : "slots");
    out.flush();
    long start = System.nanoTime();
    StandaloneCluster cluster;
    try {
      cluster = StandaloneCluster.start(setup, taskManagers);
    } catch (IllegalStateException | UncheckedIOException e) {
      setup.delete();
      throw new CourseException(e.getMessage(), 1);
    }
    Thread stopAll =
        new Thread(
            () -> {
              cluster.close();
              setup.delete();
            },
            "course-cluster-stop");
    Runtime.getRuntime().addShutdownHook(stopAll);
    try {
      cluster.awaitTaskManagers(taskManagers, Duration.ofMinutes(2));
      out.printf(
          Locale.ROOT,
          "Up in %.0f s.%n%n"
              + "Web UI       %s%n"
              + "Folder       %s (conf/config.yaml, log/, checkpoints/, savepoints/; deleted when"
              + " it stops)%n"
              + "JobManager   pid %d, log %s%n",
          (System.nanoTime() - start) / 1e9,
          setup.webUi(),
          setup.home(),
          cluster.jobManager().pid(),
          cluster.jobManager().log());
      listTaskManagers(cluster, out);
      if (jar != null) {
        submit(cluster, null, out);
      } else {
        out.printf(
            Locale.ROOT,
            "%nSubmit a job jar in the Web UI (Submit New Job), or with this command's --jar, or"
                + " over the REST API:%n"
                + "  curl -F jarfile=@module-07-case-study/target/solution/"
                + "module-07-case-study-1.0-SNAPSHOT-job.jar %s/jars/upload%n",
            setup.webUi());
      }
      out.println();
      out.println(KEYS);
      out.flush();
      readKeys(cluster, out);
      return 0;
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new CourseException(e.getMessage(), 1);
    } finally {
      out.println("Stopping the Flink cluster ...");
      out.flush();
      cluster.close();
      setup.delete();
      try {
        Runtime.getRuntime().removeShutdownHook(stopAll);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook runs.
      }
    }
  }

  static final String KEYS =
      "Keys, each followed by Enter:\n"
          + "  k [NAME]  kill a TaskManager with SIGKILL (default: the oldest), as when its machine"
          + " dies\n"
          + "  t         start another TaskManager\n"
          + "  s         stop the running jobs with a savepoint\n"
          + "  r         run the jar again from the last savepoint (with --jar)\n"
          + "  l         list the TaskManagers and jobs\n"
          + "  q         stop everything (Ctrl-C does too)";

  private void validate() {
    if (port < 0 || port > 65535) {
      throw new CourseException(
          "--port is between 1 and 65535 (or 0 for a free one), not " + port + ".");
    }
    if (port != 0 && !free(port)) {
      throw new CourseException(
          "Port "
              + port
              + " on 127.0.0.1 is taken (another Flink, a starter's Web UI?). Stop it, or choose"
              + " another port: --port 0 takes a free one.");
    }
    if (taskManagers < 1 || taskManagers > 8) {
      throw new CourseException("--task-managers takes 1 to 8, not " + taskManagers + ".");
    }
    if (slots < 1 || slots > 16) {
      throw new CourseException("--slots takes 1 to 16, not " + slots + ".");
    }
    if (parallelism != null && parallelism < 1) {
      throw new CourseException("--parallelism takes 1 or more, not " + parallelism + ".");
    }
    if (jar != null && !Files.isRegularFile(jar)) {
      throw new CourseException(
          "No job jar at "
              + jar
              + ". Build chapter 7's with ./mvnw -Psolution,job-jar -pl module-07-case-study -am"
              + " package -DskipTests");
    }
    if (jar == null && !jobArguments.isEmpty()) {
      throw new CourseException(
          "Job arguments (" + String.join(" ", jobArguments) + ") need a job jar: --jar JAR.");
    }
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  private void submit(StandaloneCluster cluster, String savepoint, PrintWriter out) {
    if (jarId == null) {
      jarId = cluster.rest().uploadJar(jar);
    }
    int p = parallelism != null ? parallelism : taskManagers * slots;
    String job = cluster.rest().runJar(jarId, p, jobArguments, savepoint);
    out.printf(
        Locale.ROOT,
        "%nJob %s submitted (%s, parallelism %d%s): %s/#/job/running/%s/overview%n",
        job,
        jar.getFileName(),
        p,
        savepoint == null ? "" : ", from " + savepoint,
        cluster.setup().webUi(),
        job);
  }

  private void readKeys(StandaloneCluster cluster, PrintWriter out) throws IOException {
    BufferedReader keys = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    while ((line = keys.readLine()) != null) {
      String[] words = line.strip().split("\\s+");
      String key = words[0].toLowerCase(Locale.ROOT);
      try {
        switch (key) {
          case "" -> {}
          case "k" -> kill(cluster, words.length > 1 ? words[1] : null, out);
          case "t" -> {
            FlinkProcess started = cluster.startTaskManager();
            out.printf(Locale.ROOT, "Started %s.%n", started);
          }
          case "s" -> stop(cluster, out);
          case "r" -> {
            if (jar == null || lastSavepoint == null) {
              out.println("Nothing to resume: r runs --jar again from the savepoint that s took.");
            } else {
              submit(cluster, lastSavepoint, out);
            }
          }
          case "l" -> list(cluster, out);
          case "q" -> {
            return;
          }
          default -> out.println("No key '" + words[0] + "'. " + KEYS);
        }
      } catch (IllegalStateException | IllegalArgumentException | UncheckedIOException e) {
        out.println(e.getMessage());
      }
      out.flush();
    }
    // No more input (run in the background): wait for Ctrl-C.
    try {
      Thread.currentThread().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void kill(StandaloneCluster cluster, String name, PrintWriter out) {
    List<FlinkProcess> running = cluster.taskManagers();
    if (running.isEmpty()) {
      out.println("No TaskManager runs; t starts one.");
      return;
    }
    FlinkProcess killed = cluster.killTaskManager(name != null ? name : running.get(0).name());
    out.printf(
        Locale.ROOT,
        "Killed %s (pid %d) with SIGKILL. The JobManager notices within seconds; the job restarts"
            + " from its last checkpoint once it has its slots again: t starts a TaskManager."
            + " Watch it in the Web UI: the job's Exceptions and Checkpoints tabs.%n",
        killed.name(),
        killed.pid());
  }

  private void stop(StandaloneCluster cluster, PrintWriter out) {
    List<String> jobs = cluster.rest().runningJobs();
    if (jobs.isEmpty()) {
      out.println("No job runs.");
      return;
    }
    for (String job : jobs) {
      try {
        lastSavepoint =
            cluster
                .rest()
                .stopWithSavepointWhenSettled(
                    job, cluster.setup().savepoints(), Duration.ofMinutes(2));
        out.printf(Locale.ROOT, "Stopped job %s with savepoint %s%n", job, lastSavepoint);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (jar != null) {
      out.println("r runs the jar again from it.");
    }
  }

  private static void list(StandaloneCluster cluster, PrintWriter out) {
    listTaskManagers(cluster, out);
    out.printf(
        Locale.ROOT,
        "%d registered with the JobManager; running jobs: %s%n",
        cluster.rest().taskManagers(),
        cluster.rest().runningJobs());
  }

  private static void listTaskManagers(StandaloneCluster cluster, PrintWriter out) {
    for (FlinkProcess taskManager : cluster.taskManagers()) {
      out.printf(
          Locale.ROOT,
          "TaskManager  %s, pid %d, log %s%n",
          taskManager.name(),
          taskManager.pid(),
          taskManager.log());
    }
  }
}
