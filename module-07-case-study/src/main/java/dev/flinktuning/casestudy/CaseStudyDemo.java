package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The case study end to end: starts Kafka, Redis and the item catalog on 127.0.0.1, writes the
 * shop's events into Kafka, runs the starter job and then {@link RecommendationJob} over them, and
 * prints the two side by side. It ends by itself and leaves nothing running.
 *
 * <pre>
 * ./demo                                   (the reference solution against the starter)
 * ./mvnw -q -pl module-07-case-study -am compile exec:exec -Dstarter=CaseStudyDemo
 *                                          (your RecommendationJob against the starter)
 * ./demo --rate 1000                       (a live stream: latency, and did the job keep up)
 * ./demo --find-rate                       (the highest rate each job keeps up with)
 * </pre>
 */
public final class CaseStudyDemo {

  private CaseStudyDemo() {}

  public static void main(String[] args) throws Exception {
    DemoOptions options = DemoOptions.parse(args);
    Scenario scenario = options.scenario();
    System.out.printf(
        "Starting Kafka, Redis and the item catalog (%d ms per request) on 127.0.0.1...%n",
        scenario.catalogLatency().toMillis());
    try (CaseStudyServices services = CaseStudyServices.startForCommand(scenario);
        CaseStudyRunner runner = new CaseStudyRunner(services, options.webUi())) {
      if (options.rate() > 0) {
        if (options.webUi()) {
          System.out.println("Flink Web UI: " + runner.webUi());
        }
        LiveDemo.run(options, services, runner);
        return;
      }
      System.out.printf(
          "Writing %,d events of %,d users (%d h of event time) into Kafka topic '%s'...%n",
          scenario.events(),
          scenario.users(),
          scenario.events() * scenario.millisPerEvent() / 3_600_000,
          CaseStudyServices.TOPIC);
      services.topic().produceAll();
      if (options.webUi()) {
        System.out.println("Flink Web UI: " + runner.webUi());
      }

      List<JobReport> reports = new ArrayList<>();
      if (options.runStarter()) {
        reports.add(
            runner.run(
                "Starter",
                StarterRecommendationJob.configuration(),
                StarterRecommendationJob::build));
        System.out.println(reports.get(reports.size() - 1).summary());
      }
      if (options.runYours()) {
        reports.add(
            runner.run(
                "RecommendationJob", RecommendationJob.configuration(), RecommendationJob::build));
        System.out.println(reports.get(reports.size() - 1).summary());
      }
      System.out.println();
      System.out.println(table(reports));
      System.out.println(PlainJavaYardstick.measure(scenario).against(reports));
    }
  }

  static String table(List<JobReport> reports) {
    StringBuilder out = new StringBuilder();
    row(out, "", reports, JobReport::name);
    row(out, "events per second", reports, r -> String.format("%,.0f", r.eventsPerSecond()));
    row(out, "time", reports, r -> String.format("%.1f s", r.took().toMillis() / 1000.0));
    row(out, "50 % of recs written", reports, r -> seconds(r.halfWritten()));
    row(out, "99 % of recs written", reports, r -> seconds(r.almostAllWritten()));
    row(out, "catalog calls", reports, r -> String.format("%,d", r.catalogCalls()));
    row(out, "Redis round trips", reports, r -> String.format("%,d", r.redisRoundTrips()));
    row(out, "recommendations", reports, r -> String.format("%,d", r.output().size()));
    row(out, "checkpoints", reports, r -> String.format("%,d", r.checkpoints()));
    row(
        out,
        "state in last checkpoint",
        reports,
        r -> r.checkpoints() == 0 ? "-" : String.format("%,d KiB", r.stateBytes() / 1024));
    row(
        out,
        "last checkpoint upload",
        reports,
        r -> r.checkpoints() == 0 ? "-" : String.format("%,d KiB", r.lastCheckpointBytes() / 1024));
    if (reports.size() == 2) {
      JobReport starter = reports.get(0);
      JobReport yours = reports.get(1);
      out.append(
          String.format(
              "%nSpeed-up: %.1fx. Same recommendations as the starter: %s%n",
              yours.eventsPerSecond() / starter.eventsPerSecond(),
              starter.output().equals(yours.output()) ? "yes" : "NO"));
    }
    return out.toString();
  }

  private static String seconds(Duration duration) {
    return duration == null ? "-" : String.format("after %.1f s", duration.toMillis() / 1000.0);
  }

  static <T> void row(StringBuilder out, String label, List<T> reports, Function<T, String> cell) {
    out.append(String.format("%-24s", label));
    for (T report : reports) {
      out.append(String.format("%20s", cell.apply(report)));
    }
    out.append('\n');
  }
}
