package dev.flinktuning.support.grading;

import dev.flinktuning.support.cluster.LocalFlinkCluster;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Flink MiniCluster for a test class, with Flink's {@link InMemoryReporter} attached so checks
 * can read every task's metrics.
 *
 * <pre>{@code
 * @RegisterExtension static final GradingCluster CLUSTER = GradingCluster.withSlots(4);
 *
 * StreamExecutionEnvironment env = CLUSTER.environment(4);
 * ... build the job, ending in a CollectingSink ...
 * JobRun run = CLUSTER.run(env);   // waits until the job has finished
 * TaskIo io = run.taskIo();
 * }</pre>
 *
 * <p>The cluster binds only to 127.0.0.1, and its REST endpoint to a free port.
 */
public final class GradingCluster implements BeforeAllCallback, AfterAllCallback {

  private final int taskManagers;
  private final int slotsPerTaskManager;
  private final Configuration configuration;

  private InMemoryReporter reporter;
  private MiniCluster miniCluster;

  private GradingCluster(int taskManagers, int slotsPerTaskManager, Configuration configuration) {
    this.taskManagers = taskManagers;
    this.slotsPerTaskManager = slotsPerTaskManager;
    this.configuration = configuration;
  }

  /** One TaskManager with this many slots. */
  public static GradingCluster withSlots(int slots) {
    return new GradingCluster(1, slots, new Configuration());
  }

  /** Several TaskManagers, for checks that kill one of them. */
  public static GradingCluster withTaskManagers(int taskManagers, int slotsPerTaskManager) {
    return new GradingCluster(taskManagers, slotsPerTaskManager, new Configuration());
  }

  /** The same cluster, with extra cluster configuration (memory, network, state backend). */
  public GradingCluster withConfiguration(Configuration extra) {
    Configuration merged = new Configuration(configuration);
    merged.addAll(extra);
    return new GradingCluster(taskManagers, slotsPerTaskManager, merged);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    reporter = InMemoryReporter.createWithRetainedMetrics();
    miniCluster =
        LocalFlinkCluster.start(
            reporter.addToConfiguration(new Configuration(configuration)),
            taskManagers,
            slotsPerTaskManager);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (miniCluster != null) {
      miniCluster.close();
      miniCluster = null;
    }
    if (reporter != null) {
      reporter.close();
      reporter = null;
    }
  }

  /** A fresh environment that runs its job on this cluster, with this default parallelism. */
  public StreamExecutionEnvironment environment(int parallelism) {
    return environment(parallelism, new Configuration());
  }

  /** A fresh environment with job configuration, as a learner's job would set it. */
  public StreamExecutionEnvironment environment(int parallelism, Configuration jobConfiguration) {
    return new TestStreamEnvironment(
        cluster(), jobConfiguration, parallelism, Collections.emptyList(), Collections.emptyList());
  }

  /**
   * A fresh environment whose job loads the chapter's classes anew, from where {@code chapterClass}
   * was loaded, as a new TaskManager process would: static fields start empty. Records the job
   * hands to a {@link CollectingSink} come back as the test's own classes.
   */
  public StreamExecutionEnvironment environmentWithFreshClasses(
      int parallelism, Configuration jobConfiguration, Class<?> chapterClass) {
    URL classes = chapterClass.getProtectionDomain().getCodeSource().getLocation();
    return new TestStreamEnvironment(
        cluster(), jobConfiguration, parallelism, Collections.emptyList(), List.of(classes));
  }

  /** Submits the job built on {@code env} and waits until it has finished. */
  public JobRun run(StreamExecutionEnvironment env) throws Exception {
    JobRun run = start(env);
    run.awaitFinished();
    return run;
  }

  /** Submits the job built on {@code env} and returns as soon as all its tasks are running. */
  public JobRun start(StreamExecutionEnvironment env) throws Exception {
    StreamGraph streamGraph = env.getStreamGraph();
    JobShape shape = JobShape.of(streamGraph.getJobGraph());
    JobRun run = new JobRun(env.executeAsync(streamGraph), shape, cluster(), reporter);
    run.awaitAllTasksRunning();
    return run;
  }

  /** The MiniCluster itself, for what the kit does not cover. */
  public MiniCluster cluster() {
    if (miniCluster == null) {
      throw new IllegalStateException(
          "The cluster is not running. Register it with @RegisterExtension on a static field.");
    }
    return miniCluster;
  }
}
