package dev.flinktuning.memory;

import dev.flinktuning.support.i18n.Texts;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

/**
 * The job the real TaskManager must run: a keyed count with its state in RocksDB (the scenario
 * card's state backend, which takes its memory from each slot's managed memory), at a parallelism
 * of all the plan's slots, behind an all-to-all shuffle (network buffers on every channel).
 */
final class TaskManagerJob {

  private static final Texts TEXTS = Texts.of(TaskManagerJob.class);

  static final int KEYS = 512;
  static final int PER_KEY = 100;

  /**
   * Only a guard against a hang: the TaskManager and the job take 12-30 s on a 2-core machine with
   * the other core busy, and up to 60 s measured with a load average of 25.
   */
  static final Duration TIMEOUT = Duration.ofSeconds(180);

  private TaskManagerJob() {}

  /**
   * Runs the job on the cluster.
   *
   * @return {@code null} if the job ran and counted right, else what went wrong
   */
  static String run(RealTaskManager cluster, int slots) throws Exception {
    Configuration conf = new Configuration();
    conf.setString("state.backend.type", "rocksdb");
    conf.setString("restart-strategy.type", "none");
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createRemoteEnvironment("127.0.0.1", cluster.restPort(), conf);
    env.setParallelism(slots);

    long records = (long) KEYS * PER_KEY;
    var counts =
        env.fromSequence(0, records - 1)
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<Long>forMonotonousTimestamps()
                    .withTimestampAssigner((v, t) -> v))
            .keyBy(v -> (int) (v % KEYS))
            .process(new CountInRocksDb())
            .name("count in RocksDB");

    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Future<Map<Integer, Long>> result =
          executor.submit(
              () -> {
                Map<Integer, Long> seen = new HashMap<>();
                try (CloseableIterator<Tuple2<Integer, Long>> it =
                    counts.executeAndCollect("Chapter 5: a job on a real TaskManager")) {
                  while (it.hasNext()) {
                    Tuple2<Integer, Long> count = it.next();
                    seen.merge(count.f0, count.f1, Long::sum);
                  }
                }
                return seen;
              });
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!result.isDone()) {
        if (!cluster.taskManagerAlive()) {
          return TEXTS.get(
              "taskManager.died", cluster.taskManagerExitCode(), cluster.taskManagerFailure());
        }
        if (System.nanoTime() > deadline) {
          return TEXTS.get("taskManager.jobTooSlow", TIMEOUT.toSeconds())
              + (cluster.taskManagerAlive() ? "" : ": " + cluster.taskManagerFailure());
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
      Map<Integer, Long> seen;
      try {
        seen = result.get();
      } catch (ExecutionException failed) {
        Throwable root = failed.getCause();
        while (root.getCause() != null && root.getCause() != root) {
          root = root.getCause();
        }
        return TEXTS.get("taskManager.jobFailed", root)
            + (cluster.taskManagerAlive()
                ? ""
                : TEXTS.get("taskManager.diedToo", cluster.taskManagerFailure()));
      }
      if (seen.size() != KEYS || !seen.values().stream().allMatch(c -> c == PER_KEY)) {
        return TEXTS.get("taskManager.wrongCounts", KEYS, PER_KEY, seen.size());
      }
      return null;
    } finally {
      executor.shutdownNow();
    }
  }

  /** Counts each key's records in RocksDB and emits the count when the input ends. */
  static final class CountInRocksDb
      extends KeyedProcessFunction<Integer, Long, Tuple2<Integer, Long>> {

    private transient ValueState<Long> count;

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext context) {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
    }

    @Override
    public void processElement(Long value, Context ctx, Collector<Tuple2<Integer, Long>> out)
        throws Exception {
      Long before = count.value();
      if (before == null) {
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        before = 0L;
      }
      count.update(before + 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Tuple2<Integer, Long>> out)
        throws Exception {
      out.collect(Tuple2.of(ctx.getCurrentKey(), count.value()));
    }
  }
}
