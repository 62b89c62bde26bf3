package dev.flinktuning.support.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;

/**
 * A standalone Flink session cluster on 127.0.0.1, as {@code bin/start-cluster.sh} starts one: a
 * JobManager and TaskManagers, each a JVM of its own, with the Web UI. TaskManagers can be killed
 * (SIGKILL) and new ones started while it runs.
 *
 * <p>{@link #close()} kills every process it started, and so does a JVM shutdown hook should this
 * JVM end first (Ctrl-C, a failed test): no Flink process outlives it.
 */
public final class StandaloneCluster implements AutoCloseable {

  private final ClusterSetup setup;
  private final List<Path> classpath;
  private final FlinkProcess jobManager;
  private final List<FlinkProcess> taskManagers = new ArrayList<>();
  private final FlinkRest rest;
  private final Thread shutdownHook;
  private int taskManagersStarted;
  private boolean closed;

  private StandaloneCluster(ClusterSetup setup, List<Path> classpath) {
    this.setup = setup;
    this.classpath = classpath;
    this.rest = new FlinkRest(setup.webUi());
    this.shutdownHook = new Thread(this::killAll, "flink-cluster-killer");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    FlinkProcess started = null;
    try {
      started = FlinkProcess.jobManager(setup, classpath);
    } finally {
      if (started == null) {
        removeHook();
      }
    }
    this.jobManager = started;
  }

  /**
   * Writes the setup's folder and starts the JobManager and {@code taskManagers} TaskManagers, all
   * at once (the TaskManagers retry until the JobManager is up); does not wait for them: see {@link
   * #awaitTaskManagers}.
   */
  public static StandaloneCluster start(ClusterSetup setup, int taskManagers) {
    setup.write();
    StandaloneCluster cluster = new StandaloneCluster(setup, FlinkClasspath.ofThisJvm());
    try {
      for (int i = 0; i < taskManagers; i++) {
        cluster.startTaskManager();
      }
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** Starts one more TaskManager, named {@code taskmanager-N} (N counts from 0); does not wait. */
  public synchronized FlinkProcess startTaskManager() {
    if (closed) {
      throw new IllegalStateException("The cluster is stopped");
    }
    FlinkProcess taskManager =
        FlinkProcess.taskManager(setup, classpath, "taskmanager-" + taskManagersStarted++);
    taskManagers.add(taskManager);
    return taskManager;
  }

  /**
   * Waits until the JobManager answers and at least {@code count} TaskManagers have registered.
   *
   * @throws IllegalStateException naming the process and its log if one died, or on the timeout
   */
  public void awaitTaskManagers(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode overview = rest.getIfUp("/overview");
      if (overview != null && overview.path("taskmanagers").asInt() >= count) {
        return;
      }
      checkAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            (overview == null
                    ? "The JobManager's REST API at " + setup.webUi() + " did not answer"
                    : "Only "
                        + overview.path("taskmanagers").asInt()
                        + " of "
                        + count
                        + " TaskManagers registered")
                + " within "
                + timeout.toSeconds()
                + " s. "
                + logs());
      }
      Thread.sleep(100);
    }
  }

  /** Throws if the JobManager, or a TaskManager not killed on purpose, has died. */
  public synchronized void checkAlive() {
    for (FlinkProcess process : processes()) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "The Flink "
                + process.name()
                + " (pid "
                + process.pid()
                + ") has stopped; see its log "
                + process.log()
                + " and its output "
                + process.out());
      }
    }
  }

  /**
   * Kills a TaskManager with SIGKILL and forgets it; returns it.
   *
   * @throws IllegalArgumentException if none of that name runs
   */
  public synchronized FlinkProcess killTaskManager(String name) {
    for (FlinkProcess taskManager : taskManagers) {
      if (taskManager.name().equals(name)) {
        taskManager.kill();
        taskManagers.remove(taskManager);
        return taskManager;
      }
    }
    throw new IllegalArgumentException(
        "No TaskManager '"
            + name
            + "' runs. Running: "
            + taskManagers.stream().map(FlinkProcess::name).toList());
  }

  /** The TaskManagers started and not killed, oldest first. */
  public synchronized List<FlinkProcess> taskManagers() {
    return List.copyOf(taskManagers);
  }

  public FlinkProcess jobManager() {
    return jobManager;
  }

  public FlinkRest rest() {
    return rest;
  }

  public ClusterSetup setup() {
    return setup;
  }

  /** Where every process logs, for a message: one line. */
  public synchronized String logs() {
    StringBuilder logs = new StringBuilder("Logs: " + jobManager.log());
    for (FlinkProcess taskManager : taskManagers) {
      logs.append(", ").append(taskManager.log());
    }
    return logs.append(" (and *.out beside them)").toString();
  }

  private synchronized List<FlinkProcess> processes() {
    List<FlinkProcess> all = new ArrayList<>();
    all.add(jobManager);
    all.addAll(taskManagers);
    return all;
  }

  /** Kills every process of the cluster (SIGKILL) and waits until they are gone. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    killAll();
    removeHook();
  }

  private void killAll() {
    List<FlinkProcess> all;
    synchronized (this) {
      all = new ArrayList<>(taskManagers);
      if (jobManager != null) {
        all.add(jobManager);
      }
    }
    for (FlinkProcess process : all) {
      try {
        process.kill();
      } catch (RuntimeException stillRunning) {
        System.err.println(stillRunning.getMessage());
      }
    }
  }

  private void removeHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The hook runs (or ran) already.
    }
  }
}
