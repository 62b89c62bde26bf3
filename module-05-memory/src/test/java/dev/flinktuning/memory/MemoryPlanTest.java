package dev.flinktuning.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.i18n.Texts;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.NettyShuffleEnvironmentOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.io.network.partition.ResultPartitionType;
import org.apache.flink.runtime.io.network.partition.consumer.InputGateSpecUtils;
import org.apache.flink.runtime.shuffle.NettyShuffleUtils;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Chapter 5 · Exercise 1 · a TaskManager memory plan")
class MemoryPlanTest {

  /** The check's texts, in English or Chinese: messages*.properties beside this package's tests. */
  private static final Texts TEXTS = Texts.of(MemoryPlanTest.class);

  // The scenario card: module-05-memory/README.md, "Exercise 1", "The scenario card".
  static final MemorySize CONTAINER = MemorySize.parse("4096m");
  static final int SLOTS = 4;
  static final MemorySize MANAGED_PER_SLOT = MemorySize.parse("256m");
  static final int SHUFFLE_PARALLELISM = 256;
  static final MemorySize TASK_HEAP_NEED = MemorySize.parse("1024m");

  // The waste margins, as the card states them.
  static final double CONTAINER_USED_AT_LEAST = 0.90;
  static final double MANAGED_AT_MOST_TIMES_NEED = 1.5;
  static final double NETWORK_AT_MOST_TIMES_NEED = 2.0;

  /** Flink's defaults for the buffers an input channel and an input gate take. */
  static final int BUFFERS_PER_CHANNEL = 2;

  static final int FLOATING_BUFFERS_PER_GATE = 8;

  private static final String README = "module-05-memory/README.md";
  private static final String SECTION = "Exercise 1: a memory plan Flink accepts";

  @GradedCheck
  @DisplayName("Flink's memory calculator accepts the plan, and it meets the scenario card")
  void planMeetsTheScenarioCard() {
    Configuration plan = MemoryPlan.configuration();
    List<String> unmet = new ArrayList<>();

    for (String key : MemoryPlan.keys()) {
      if (key.startsWith("taskmanager.") && !knownTaskManagerKeys().contains(key)) {
        unmet.add(TEXTS.get("plan.notAFlinkOption", key));
      }
    }

    String derived = "";
    try {
      TaskExecutorProcessSpec spec = MemoryPlan.processSpec(plan);
      derived = MemoryPlan.describe(spec);
      checkAgainstTheCard(plan, spec, unmet);
    } catch (IllegalConfigurationException rejected) {
      unmet.add(TEXTS.get("plan.rejected", flinksMessage(rejected)));
    }

    StringBuilder details = new StringBuilder();
    for (String problem : unmet) {
      details.append("  - ").append(problem).append(String.format("%n"));
    }
    if (!derived.isEmpty()) {
      details.append(TEXTS.get("plan.derives"));
      derived.lines().forEach(line -> details.append("    ").append(line).append('\n'));
    }
    Budget.of(
            TEXTS.get("plan.what")
                + (unmet.isEmpty() ? "" : TEXTS.get("plan.first", firstLine(unmet.get(0)))),
            "")
        .measured(unmet.size())
        .atMost(0)
        .typically(TEXTS.get("plan.starter"), TEXTS.get("plan.reference"))
        .readOn(README, SECTION)
        .details(details.toString())
        .verify();
  }

  @GradedCheck
  @DisplayName("the JVM options start a real Java JVM, and leave Flink's memory sizes alone")
  void jvmOptionsStartAJvm() throws Exception {
    List<String> options = MemoryPlan.jvmOptions();
    List<String> problems = new ArrayList<>();
    for (String option : options) {
      for (String flinksOwn :
          List.of("-Xmx", "-Xms", "-XX:MaxDirectMemorySize", "-XX:MaxMetaspaceSize")) {
        if (option.startsWith(flinksOwn)) {
          problems.add(TEXTS.get("jvm.overrides", option, flinksOwn));
        }
      }
    }

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    try {
      TaskExecutorProcessSpec spec = MemoryPlan.processSpec(MemoryPlan.configuration());
      for (String argument : MemoryPlan.jvmArguments(spec).split("\\s+")) {
        if (!argument.startsWith("-Xms")) { // -Xms would commit the heap up front; not needed here
          command.add(argument);
        }
      }
    } catch (IllegalConfigurationException rejected) {
      // The plan is the other check's business; start the JVM with the options alone.
    }
    command.addAll(options);
    command.add("-version");
    ChildJvm.Result result = ChildJvm.run(command, 60);
    if (result.exitCode() != 0) {
      problems.add(TEXTS.get("jvm.refused", result.exitCode(), result.firstErrorLine()));
    }

    Budget.of(
            TEXTS.get("jvm.what", Runtime.version().feature())
                + (problems.isEmpty() ? "" : TEXTS.get("plan.first", problems.get(0))),
            "")
        .measured(problems.size())
        .atMost(0)
        .typically(TEXTS.get("jvm.starter"), TEXTS.get("jvm.reference"))
        .readOn(README, "Exercise 1: the JVM options")
        .details(
            TEXTS.get(
                "jvm.details",
                String.join(" ", command),
                result.output().indent(4).stripTrailing()))
        .verify();
  }

  @GradedCheck
  @DisplayName("a real TaskManager started from the plan runs a RocksDB job in all its slots")
  void taskManagerRunsTheJob() throws Exception {
    List<String> problems = new ArrayList<>();
    String details = "";
    Configuration plan = MemoryPlan.configuration();
    TaskExecutorProcessSpec full = null;
    try {
      full = MemoryPlan.processSpec(plan);
    } catch (IllegalConfigurationException rejected) {
      problems.add(TEXTS.get("taskManager.notStarted", flinksMessage(rejected)));
    }
    if (full != null) {
      Configuration scaled = RealTaskManager.scaled(plan, full);
      TaskExecutorProcessSpec small = MemoryPlan.processSpec(scaled);
      StringBuilder text = new StringBuilder();
      text.append(TEXTS.get("taskManager.scaledPlan", RealTaskManager.SCALE));
      MemoryPlan.describe(small).lines().forEach(l -> text.append("    ").append(l).append('\n'));
      try (RealTaskManager cluster = RealTaskManager.start(scaled, MemoryPlan.jvmOptions())) {
        text.append(TEXTS.get("taskManager.command", cluster.command()));
        String failure = TaskManagerJob.run(cluster, full.getNumSlots());
        if (failure != null) {
          problems.add(failure);
          text.append(
              TEXTS.get(
                  "taskManager.output", lastLines(cluster.taskManagerOutput(), 25).indent(4)));
        }
      }
      details = text.toString();
    }

    Budget.of(
            TEXTS.get("taskManager.what")
                + (problems.isEmpty() ? "" : TEXTS.get("plan.first", firstLine(problems.get(0)))),
            "")
        .measured(problems.size())
        .atMost(0)
        .typically(TEXTS.get("taskManager.starter"), TEXTS.get("taskManager.reference"))
        .readOn(README, "Exercise 1: a real TaskManager")
        .details(details)
        .verify();
  }

  @Test
  @DisplayName("the scenario card's network need is Flink's own formula: 3,108 buffers")
  void networkNeedFollowsFlinksFormula() {
    assertThat(networkBuffersNeeded()).isEqualTo(3_108);
    assertThat(networkBytesNeeded(MemorySize.parse("32kb"))).isEqualTo(3_108L * 32 * 1024);
  }

  @Test
  @DisplayName("the plan's files exist and load as Flink loads them")
  void planFilesLoad() throws IOException {
    assertThat(MemoryPlan.keys()).isNotEmpty();
    assertThat(MemoryPlan.jvmOptions()).isNotEmpty();
  }

  private static void checkAgainstTheCard(
      Configuration plan, TaskExecutorProcessSpec spec, List<String> unmet) {
    MemorySize process = spec.getTotalProcessMemorySize();
    if (process.getBytes() > CONTAINER.getBytes()) {
      unmet.add(TEXTS.get("card.processAboveContainer", mib(process), mib(CONTAINER)));
    } else if (process.getBytes() < CONTAINER_USED_AT_LEAST * CONTAINER.getBytes()) {
      unmet.add(
          TEXTS.get(
              "card.processFarBelowContainer",
              mib(process),
              mib(CONTAINER),
              String.format(Locale.ROOT, "%.0f", CONTAINER_USED_AT_LEAST * 100)));
    }

    if (spec.getNumSlots() != SLOTS) {
      unmet.add(TEXTS.get("card.slots", spec.getNumSlots(), SLOTS));
    }

    MemorySize managedNeed = MANAGED_PER_SLOT.multiply(SLOTS);
    MemorySize managed = spec.getManagedMemorySize();
    if (managed.getBytes() < managedNeed.getBytes()) {
      unmet.add(
          TEXTS.get(
              "card.managedBelowNeed",
              mib(managed),
              SLOTS,
              mib(MANAGED_PER_SLOT),
              mib(managedNeed)));
    } else if (managed.getBytes() > MANAGED_AT_MOST_TIMES_NEED * managedNeed.getBytes()) {
      unmet.add(
          TEXTS.get(
              "card.managedFarAboveNeed",
              mib(managed),
              String.format(Locale.ROOT, "%.1f", MANAGED_AT_MOST_TIMES_NEED),
              mib(managedNeed)));
    }

    MemorySize segment = plan.get(TaskManagerOptions.MEMORY_SEGMENT_SIZE);
    long networkNeed = networkBytesNeeded(segment);
    MemorySize network = spec.getNetworkMemSize();
    if (network.getBytes() < networkNeed) {
      unmet.add(
          TEXTS.get(
              "card.networkBelowNeed",
              mib(network),
              String.format(Locale.ROOT, "%,d", networkBuffersNeeded()),
              segment.toHumanReadableString(),
              SHUFFLE_PARALLELISM,
              mib(new MemorySize(networkNeed))));
    } else if (network.getBytes() > NETWORK_AT_MOST_TIMES_NEED * networkNeed) {
      unmet.add(
          TEXTS.get(
              "card.networkFarAboveNeed",
              mib(network),
              String.format(Locale.ROOT, "%.1f", NETWORK_AT_MOST_TIMES_NEED),
              mib(new MemorySize(networkNeed)),
              mib(spec.getTotalFlinkMemorySize())));
    }

    MemorySize taskHeap = spec.getTaskHeapSize();
    if (taskHeap.getBytes() < TASK_HEAP_NEED.getBytes()) {
      unmet.add(TEXTS.get("card.taskHeapBelowNeed", mib(taskHeap), mib(TASK_HEAP_NEED)));
    }
  }

  /**
   * Buffers one TaskManager needs for the card's all-to-all shuffle, by Flink's own formula: in
   * each slot, one subtask sends to all {@link #SHUFFLE_PARALLELISM} receivers (a result partition
   * with that many subpartitions) and one receives from all senders (an input gate with that many
   * channels, all remote in the worst case).
   */
  static int networkBuffersNeeded() {
    int gate =
        InputGateSpecUtils.createGateBuffersSpec(
                Optional.empty(),
                BUFFERS_PER_CHANNEL,
                FLOATING_BUFFERS_PER_GATE,
                ResultPartitionType.PIPELINED_BOUNDED,
                SHUFFLE_PARALLELISM,
                false)
            .targetTotalBuffersPerGate();
    int partition =
        NettyShuffleUtils.getMinMaxNetworkBuffersPerResultPartition(
                BUFFERS_PER_CHANNEL,
                FLOATING_BUFFERS_PER_GATE,
                Integer.MAX_VALUE,
                0,
                SHUFFLE_PARALLELISM,
                false,
                0,
                ResultPartitionType.PIPELINED_BOUNDED)
            .getLeft();
    return SLOTS * (gate + partition);
  }

  static long networkBytesNeeded(MemorySize segment) {
    return networkBuffersNeeded() * segment.getBytes();
  }

  /** Every key of Flink's TaskManager and network options, their old names included. */
  private static Set<String> knownTaskManagerKeys() {
    Set<String> keys = new HashSet<>();
    for (Class<?> options :
        List.of(TaskManagerOptions.class, NettyShuffleEnvironmentOptions.class)) {
      for (Field field : options.getFields()) {
        if (!Modifier.isStatic(field.getModifiers())
            || !ConfigOption.class.isAssignableFrom(field.getType())) {
          continue;
        }
        try {
          ConfigOption<?> option = (ConfigOption<?>) field.get(null);
          keys.add(option.key());
          for (FallbackKey fallback : option.fallbackKeys()) {
            keys.add(fallback.getKey());
          }
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return keys;
  }

  private static String flinksMessage(IllegalConfigurationException rejected) {
    StringBuilder message = new StringBuilder(rejected.getMessage());
    Throwable cause = rejected.getCause();
    while (cause != null && cause != rejected) {
      if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
        message.append(" Because: ").append(cause.getMessage());
      }
      cause = cause.getCause();
    }
    return message.toString();
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  private static String lastLines(String text, int count) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
  }

  private static String mib(MemorySize size) {
    return String.format(Locale.ROOT, "%,.1f MiB", size.getBytes() / (1024.0 * 1024.0));
  }
}
