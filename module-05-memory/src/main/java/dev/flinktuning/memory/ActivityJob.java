package dev.flinktuning.memory;

import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.launcher.StarterLauncher;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Exercise 2: shop events arrive as CSV lines; the job parses each into an {@link Activity} ({@link
 * ParseActivity}, the class you edit) and drops retried lines ({@link DropRetries}).
 *
 * <p>You may also change {@link #jobConfiguration()}, for example to switch on object reuse; read
 * the README's "Exercise 2" first, "When object reuse is safe".
 */
public final class ActivityJob {

  private ActivityJob() {}

  /** The job's configuration. */
  public static Configuration jobConfiguration() {
    return new Configuration();
  }

  /** The pipeline: lines in, activities out, in the lines' own task (no shuffle). */
  public static DataStream<Activity> activities(DataStream<String> lines) {
    return lines
        .map(new ParseActivity())
        .setParallelism(lines.getParallelism())
        .name("Parse activity")
        .flatMap(new DropRetries())
        .setParallelism(lines.getParallelism())
        .name("Drop retries");
  }

  /** The job's input for the starter: every 40th line is sent twice, as a retry. */
  public static List<String> lines(ShopEventGenerator generator, int events) {
    List<String> lines = new ArrayList<>(events + events / 40 + 1);
    for (ShopEvent event : generator.generate(events)) {
      lines.add(event.toCsv());
      if (event.eventId % 40 == 39) {
        lines.add(event.toCsv());
      }
    }
    return lines;
  }

  /**
   * Runs the job on a local cluster with the Web UI. For the garbage it makes, run {@link
   * GarbageReport}.
   */
  public static void main(String[] args) throws Exception {
    List<String> lines = lines(ShopEventGenerator.withSeed(5), 100_000);
    StreamExecutionEnvironment env = StarterLauncher.environment(1, jobConfiguration());
    StarterLauncher.run(
        env, "Chapter 5, exercise 2: activity from CSV lines", activities(env.fromData(lines)));
  }
}
