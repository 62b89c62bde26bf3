package dev.flinktuning.principles;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventFiles;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.launcher.StarterLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * Exercise 2, reference solution: hourly purchases per item, read from CSV files.
 *
 * <p>One source subtask per file, so none sits idle. Parsing and filtering run at the source's
 * parallelism with no shuffle before them, so Flink chains them into the source's task: a line
 * becomes an event and non-purchases are dropped in the thread that read it. Only the purchases
 * then cross to other tasks, once, to be grouped by item.
 */
public final class PurchasesFromFilesJob {

  /** The window size. */
  public static final Duration WINDOW = Duration.ofHours(1);

  /** How late an event may be, relative to the latest one read from the same file. */
  public static final Duration MAX_OUT_OF_ORDERNESS = Duration.ofSeconds(2);

  private PurchasesFromFilesJob() {}

  /**
   * The pipeline: CSV lines of {@link ShopEvent}s in, one {@link ItemCount} of purchases per item
   * and hour out.
   *
   * @param inputDirectory the directory of event files
   * @param inputFiles how many files it holds: like a topic's partition count
   */
  public static DataStream<ItemCount> hourlyPurchases(
      StreamExecutionEnvironment env, Path inputDirectory, int inputFiles) {
    FileSource<String> files =
        FileSource.forRecordStreamFormat(
                new TextLineInputFormat(),
                new org.apache.flink.core.fs.Path(inputDirectory.toUri()))
            .build();

    // A subtask per file: more would have nothing to read.
    return env.fromSource(files, timestampsFromLines(), "Event files")
        .setParallelism(inputFiles)
        // Same parallelism, no shuffle: chained into the source's task.
        .map(ShopEvent::fromCsv)
        .setParallelism(inputFiles)
        .name("Parse")
        // Drop what is not needed before anything crosses the network.
        .filter(event -> event.type == EventType.PURCHASE)
        .setParallelism(inputFiles)
        .name("Only purchases")
        // The one shuffle the job needs: group the purchases by item.
        .keyBy(event -> event.itemId)
        .window(TumblingEventTimeWindows.of(WINDOW))
        .aggregate(CountPerItemAndWindow.count(), CountPerItemAndWindow.attachItemAndWindow())
        .name("Hourly purchases per item");
  }

  /**
   * Event time is the last field of each line. Assigned in the source, so each file gets its own
   * watermark and a fast file cannot make a slow one's events late.
   */
  static WatermarkStrategy<String> timestampsFromLines() {
    return WatermarkStrategy.<String>forBoundedOutOfOrderness(MAX_OUT_OF_ORDERNESS)
        .withTimestampAssigner((line, previous) -> eventTimeOf(line));
  }

  private static long eventTimeOf(String line) {
    try {
      return Long.parseLong(line.substring(line.lastIndexOf(',') + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Not a shop event (its last field must be the event time in epoch ms): " + line, e);
    }
  }

  /**
   * Writes 2 files of generated events into a temporary directory, runs the job on them with the
   * Web UI, and deletes them when the program ends.
   */
  public static void main(String[] args) throws Exception {
    Path input = Files.createTempDirectory("chapter1-events");
    int inputFiles = 2;
    ShopEventFiles.writeCsv(
        input, ShopEventGenerator.withSeed(2).millisPerEvent(500), 2_000_000, inputFiles);
    System.out.println("Wrote 2,000,000 events into " + inputFiles + " files in " + input);
    // 89 MB a run: gone when the program ends, Ctrl-C included.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> ShopEventFiles.delete(input)));
    StreamExecutionEnvironment env = StarterLauncher.environment(4);
    StarterLauncher.run(
        env,
        "Chapter 1, exercise 2: hourly purchases per item",
        hourlyPurchases(env, input, inputFiles));
  }
}
