package dev.flinktuning.serialization.benchmark;

import dev.flinktuning.serialization.benchmark.SerializerBenchmark.Shape;
import dev.flinktuning.serialization.benchmark.SerializerBenchmark.Shipped;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link SerializerBenchmark} and prints one table: for each shape of the order line, the
 * serializer Flink picks, the bytes it writes per record, and records written and read back per
 * millisecond.
 *
 * <pre>
 * ./mvnw -q -pl module-03-serialization -am test-compile exec:exec -Pbenchmark
 * </pre>
 *
 * <p>It takes about a minute and a half: each shape runs in a JVM of its own, 3 seconds of warm-up
 * and 5 of measurement. Add {@code -Psolution} to the command to see the reference solution's
 * {@code OrderEvent} in the last row instead of yours.
 */
public final class SerializerBenchmarks {

  private SerializerBenchmarks() {}

  public static void main(String[] args) throws Exception {
    System.out.printf(
        "%nFlink %s serializers, one order line written and read back per operation.%n"
            + "Machine: %s, %d cores; %s %s.%n"
            + "Each of the %d shapes runs in a JVM of its own: about a minute and a half in all.%n",
        EnvironmentInformation.getVersion(),
        cpuModel(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        Runtime.version(),
        Shape.values().length);
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    if (load > Runtime.getRuntime().availableProcessors() / 2.0) {
      System.out.printf(
          "The machine is busy (load average %.1f). The CPU-time column suffers little from"
              + " that; the wall-clock column scatters, as its ± shows.%n",
          load);
    }

    Map<Shape, RunResult> results = new HashMap<>();
    for (RunResult result : new Runner(options()).run()) {
      results.put(Shape.valueOf(result.getParams().getParam("shape")), result);
    }

    double kryo = perCpuMillisecond(results.get(Shape.STARTER));
    System.out.printf(
        "%n| Shape of the order line | Flink's serializer | Bytes per record"
            + " | Records per ms of CPU | × the starter's shape | Records per ms, wall clock |%n"
            + "|---|---|---:|---:|---:|---:|%n");
    for (Shape shape : Shape.values()) {
      Shipped<?> shipped = shape.ship();
      Result<?> wallClock = results.get(shape).getPrimaryResult();
      double perCpuMillisecond = perCpuMillisecond(results.get(shape));
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %.1f | %,.0f | %.1f × | %,.0f ± %,.0f |%n",
          shape.label,
          shipped.serializer.getClass().getSimpleName(),
          shipped.bytesPerRecord(),
          perCpuMillisecond,
          perCpuMillisecond / kryo,
          wallClock.getScore(),
          wallClock.getScoreError());
    }
    System.out.printf(
        "%nKryo %s. Each record is written and read back. Records per ms of CPU: the benchmark"
            + " thread's own CPU time, best of 5 one-second measurements. Wall clock: JMH's mean"
            + " ± 99.9 %% confidence interval.%n",
        kryoVersion());
  }

  private static Options options() {
    List<String> jvmArgs = new ArrayList<>();
    // Kryo reaches into JDK classes (Optional, UUID): the forked JVMs need the same --add-opens.
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (argument.startsWith("--add-")) {
        jvmArgs.add(argument);
      }
    }
    jvmArgs.add("-Xmx1g");
    return new OptionsBuilder()
        .include(SerializerBenchmark.class.getName() + "\\.")
        .jvmArgs(jvmArgs.toArray(new String[0]))
        .verbosity(VerboseMode.SILENT)
        .build();
  }

  /**
   * Records written and read back per millisecond of the benchmark thread's CPU time, in the best
   * of the measured seconds.
   */
  private static double perCpuMillisecond(RunResult result) {
    return result.getBenchmarkResults().stream()
        .flatMap(benchmark -> benchmark.getIterationResults().stream())
        .mapToDouble(
            iteration -> {
              var counters = iteration.getSecondaryResults();
              return counters.get("records").getScore()
                  / (counters.get("cpuNanos").getScore() / 1e6);
            })
        .max()
        .orElseThrow();
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException | RuntimeException notLinux) {
      // Fall through to what the JVM knows.
    }
    return System.getProperty("os.arch");
  }

  private static String kryoVersion() {
    try (InputStream in =
        SerializerBenchmarks.class.getResourceAsStream(
            "/META-INF/maven/com.esotericsoftware/kryo/pom.properties")) {
      if (in == null) {
        return "(version unknown)";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      return "(version unknown)";
    }
  }
}
