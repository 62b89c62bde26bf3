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
 * Exercise 2: hourly purchases per item, read from CSV files.
 *
 * <p>The input is a directory of files, split the way a Kafka topic is split into partitions: each
 * file is read by one source subtask. The output is right, but the job moves far more records
 * between its tasks than it needs to, and runs more source subtasks than there are files.
 *
 * <p><b>Your task:</b> change {@link #hourlyPurchases} so that only the records that must change
 * tasks do so, and no source subtask is left without a file. See the chapter README, "Exercise 2".
 */
public final class PurchasesFromFilesJob {

  /** The window size. */
  public static final Duration WINDOW = Duration.ofHours(1);

  /** How late an event may be, relative to the latest one read from the same file. */
  public static final Duration MAX_OUT_OF_ORDERNESS = Duration.ofSeconds(2);

  /** Four readers, to read faster. */
  private static final int SOURCE_PARALLELISM = 4;

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

    return env.fromSource(files, timestampsFromLines(), "Event files")
        .setParallelism(SOURCE_PARALLELISM)
        .rebalance() // spread the lines evenly over the parsers
        .map(ShopEvent::fromCsv)
        .name("Parse")
        .keyBy(event -> event.itemId) // group by item as early as possible
        .filter(event -> event.type == EventType.PURCHASE)
        .name("Only purchases")
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
