package dev.flinktuning.memory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * Exercise 1: a TaskManager memory plan, and the JVM options to go with it.
 *
 * <p>You do not edit this class. You edit two files in {@code src/main/resources/memory-plan/}:
 * {@code config.yaml} (the TaskManager part of Flink's configuration file) and {@code
 * jvm-options.txt} (what you would put in {@code env.java.opts.taskmanager}). This class reads them
 * the way Flink does and hands the plan to Flink's own memory calculator, the code Flink's start-up
 * scripts run to derive a TaskManager's {@code -Xmx}, {@code -XX:MaxDirectMemorySize} and the rest.
 *
 * <p>Its {@link #main(String[])} prints what Flink makes of the plan: every memory component, the
 * JVM arguments and the dynamic configuration a real TaskManager would start with, or Flink's
 * reason for rejecting the plan. See the chapter README, "Exercise 1".
 */
public final class MemoryPlan {

  /** The folder, on the class path, that holds the plan. */
  public static final String FOLDER = "memory-plan";

  /** The plan's Flink configuration file: the name Flink 2.x reads. */
  public static final String CONFIG_FILE = "config.yaml";

  /** The plan's JVM options. */
  public static final String JVM_OPTIONS_FILE = "jvm-options.txt";

  private MemoryPlan() {}

  /** The folder holding the plan's files, as built into the class path. */
  public static Path folder() {
    URL config = MemoryPlan.class.getResource("/" + FOLDER + "/" + CONFIG_FILE);
    if (config == null) {
      throw new IllegalStateException(
          "No "
              + FOLDER
              + "/"
              + CONFIG_FILE
              + " on the class path: it belongs in module-05-memory/src/main/resources/"
              + FOLDER
              + "/. Restore it from git if you deleted it.");
    }
    try {
      return Path.of(config.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot locate " + config, e);
    }
  }

  /** The plan's configuration, loaded the way a Flink process loads its config.yaml. */
  public static Configuration configuration() {
    return GlobalConfiguration.loadConfiguration(folder().toString());
  }

  /** The keys written in the plan's config.yaml, as Flink flattened them. */
  public static List<String> keys() {
    return new ArrayList<>(configuration().keySet());
  }

  /** The JVM options in jvm-options.txt, one per element, comments left out. */
  public static List<String> jvmOptions() throws IOException {
    List<String> options = new ArrayList<>();
    for (String line : Files.readAllLines(folder().resolve(JVM_OPTIONS_FILE))) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      for (String option : trimmed.split("\\s+")) {
        options.add(option);
      }
    }
    return options;
  }

  /**
   * What Flink's memory calculator makes of the plan: every component's size.
   *
   * @throws IllegalConfigurationException with Flink's own message, if Flink rejects the plan
   */
  public static TaskExecutorProcessSpec processSpec(Configuration plan) {
    return TaskExecutorProcessUtils.processSpecFromConfig(plan);
  }

  /** The JVM's memory arguments Flink derives from the plan: -Xmx, -Xms, direct and metaspace. */
  public static String jvmArguments(TaskExecutorProcessSpec spec) {
    return ProcessMemoryUtils.generateJvmParametersStr(spec);
  }

  /** The dynamic configuration a TaskManager is started with, every component fixed. */
  public static String dynamicConfiguration(TaskExecutorProcessSpec spec) {
    return TaskExecutorProcessUtils.generateDynamicConfigsStr(spec);
  }

  /** Prints what Flink makes of the plan. */
  public static void main(String[] args) throws Exception {
    Configuration plan = configuration();
    System.out.printf("%nThe memory plan in %s%n", folder().resolve(CONFIG_FILE));
    System.out.printf("  keys: %s%n", plan.toMap());
    System.out.printf("  JVM options: %s%n%n", String.join(" ", jvmOptions()));
    TaskExecutorProcessSpec spec;
    try {
      spec = processSpec(plan);
    } catch (IllegalConfigurationException e) {
      System.out.printf("Flink's memory calculator rejects the plan:%n  %s%n", e.getMessage());
      Throwable cause = e.getCause();
      while (cause != null) {
        System.out.printf("  because: %s%n", cause.getMessage());
        cause = cause.getCause();
      }
      return;
    }
    System.out.println(describe(spec));
    System.out.printf("JVM arguments Flink derives:%n  %s%n", jvmArguments(spec));
    System.out.printf("Dynamic configuration:%n  %s%n", dynamicConfiguration(spec));
  }

  /** Every component of the plan, as the Web UI's TaskManager page shows them. */
  public static String describe(TaskExecutorProcessSpec spec) {
    return String.format(
        "Total process memory     %s%n"
            + "  JVM metaspace          %s%n"
            + "  JVM overhead           %s%n"
            + "  Total Flink memory     %s%n"
            + "    Framework heap       %s%n"
            + "    Task heap            %s%n"
            + "    Framework off-heap   %s%n"
            + "    Task off-heap        %s%n"
            + "    Managed memory       %s%n"
            + "    Network memory       %s%n"
            + "  Slots                  %d%n",
        spec.getTotalProcessMemorySize().toHumanReadableString(),
        spec.getJvmMetaspaceSize().toHumanReadableString(),
        spec.getJvmOverheadSize().toHumanReadableString(),
        spec.getTotalFlinkMemorySize().toHumanReadableString(),
        spec.getFlinkMemory().getFrameworkHeap().toHumanReadableString(),
        spec.getTaskHeapSize().toHumanReadableString(),
        spec.getFlinkMemory().getFrameworkOffHeap().toHumanReadableString(),
        spec.getTaskOffHeapSize().toHumanReadableString(),
        spec.getManagedMemorySize().toHumanReadableString(),
        spec.getNetworkMemSize().toHumanReadableString(),
        spec.getNumSlots());
  }
}
