package dev.flinktuning.casestudy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.flink.configuration.Configuration;

/**
 * The demo on a live stream ({@code ./demo --rate R} and {@code ./demo --find-rate}): each job
 * reads the topic while the shop's events are written at a set rate, and the demo prints the
 * latency of its recommendations and whether it kept up; or it raises the rate until the job falls
 * behind.
 */
final class LiveDemo {

  /** Each step of the search raises the rate this many times, until the job falls behind. */
  private static final double RAISE = 2;

  /** After it has fallen behind, the search tries this many rates between the last two. */
  private static final int NARROWING_STEPS = 1;

  private LiveDemo() {}

  private record Job(
      String name, Supplier<Configuration> configuration, CaseStudyRunner.JobBuilder builder) {}

  static void run(DemoOptions options, CaseStudyServices services, CaseStudyRunner runner)
      throws Exception {
    List<Job> jobs = new ArrayList<>();
    if (options.runStarter()) {
      jobs.add(
          new Job(
              "Starter", StarterRecommendationJob::configuration, StarterRecommendationJob::build));
    }
    if (options.runYours()) {
      jobs.add(
          new Job("RecommendationJob", RecommendationJob::configuration, RecommendationJob::build));
    }
    if (options.findRate()) {
      List<String> found = new ArrayList<>();
      for (Job job : jobs) {
        found.add(findRate(job, options, services, runner));
      }
      System.out.println();
      found.forEach(System.out::println);
      return;
    }
    List<RateRun.Step> steps = new ArrayList<>();
    for (Job job : jobs) {
      RateRun.Step step = step(job, options.rate(), options.seconds(), services, runner);
      steps.add(step);
    }
    System.out.println();
    System.out.println(table(steps));
  }

  private static RateRun.Step step(
      Job job, double rate, long seconds, CaseStudyServices services, CaseStudyRunner runner)
      throws Exception {
    RateRun.Step step =
        RateRun.run(
            runner, services, job.name(), job.configuration().get(), job.builder(), rate, seconds);
    System.out.println(step.summary());
    return step;
  }

  /**
   * Raises the rate from the one asked, {@link #RAISE} times a step, until the job falls behind (or
   * the producer cannot write faster), then tries {@link #NARROWING_STEPS} rates in between.
   */
  private static String findRate(
      Job job, DemoOptions options, CaseStudyServices services, CaseStudyRunner runner)
      throws Exception {
    double keptUp = 0;
    double behind = 0;
    double rate = options.rate();
    while (true) {
      RateRun.Step step = step(job, rate, options.seconds(), services, runner);
      if (!step.keptUp()) {
        behind = rate;
        break;
      }
      if (!step.producerKeptUp()) {
        return String.format(
            "%s: kept up with all this machine could write, %s (asked %s): its limit is higher",
            job.name(), perSecond(step.writtenPerSecond()), perSecond(rate));
      }
      keptUp = rate;
      rate = rate * RAISE;
    }
    for (int i = 0; i < NARROWING_STEPS && keptUp > 0; i++) {
      double between = Math.round(Math.sqrt(keptUp * behind) / 10) * 10.0;
      RateRun.Step step = step(job, between, options.seconds(), services, runner);
      if (step.keptUp() && step.producerKeptUp()) {
        keptUp = between;
      } else {
        behind = between;
      }
    }
    return keptUp == 0
        ? String.format(
            "%s: fell behind already at %s, the lowest rate tried (--rate sets it)",
            job.name(), perSecond(behind))
        : String.format(
            "%s: highest sustainable rate about %s (kept up at %s, fell behind at %s, %d s a step)",
            job.name(), perSecond(keptUp), perSecond(keptUp), perSecond(behind), options.seconds());
  }

  private static String perSecond(double rate) {
    return String.format("%,.0f events/s", rate);
  }

  static String table(List<RateRun.Step> steps) {
    StringBuilder out = new StringBuilder();
    CaseStudyDemo.row(out, "", steps, RateRun.Step::name);
    CaseStudyDemo.row(out, "events/s asked", steps, s -> String.format("%,.0f", s.rate()));
    CaseStudyDemo.row(
        out, "events/s written", steps, s -> String.format("%,.0f", s.writtenPerSecond()));
    CaseStudyDemo.row(out, "latency p50", steps, s -> seconds(s.latency().p50()));
    CaseStudyDemo.row(out, "latency p90", steps, s -> seconds(s.latency().p90()));
    CaseStudyDemo.row(out, "latency p99", steps, s -> seconds(s.latency().p99()));
    CaseStudyDemo.row(out, "latency max", steps, s -> seconds(s.latency().max()));
    CaseStudyDemo.row(
        out, "recommendations timed", steps, s -> String.format("%,d", s.latency().count()));
    CaseStudyDemo.row(out, "not written in time", steps, s -> String.format("%,d", s.unwritten()));
    CaseStudyDemo.row(
        out, "lag at the end (lines)", steps, s -> String.format("%,d", s.lagAtEnd()));
    CaseStudyDemo.row(
        out,
        "latency growth",
        steps,
        s -> s.latencyGrowth() == null ? "-" : seconds(s.latencyGrowth()));
    CaseStudyDemo.row(out, "lag steady", steps, s -> s.lagSteady() ? "yes" : "NO");
    CaseStudyDemo.row(out, "kept up", steps, s -> s.keptUp() ? "yes" : "NO");
    CaseStudyDemo.row(
        out,
        "all read, after writing",
        steps,
        s -> s.caughtUp() == null ? "not in time" : "+" + seconds(s.caughtUp()));
    return out.toString();
  }

  static String seconds(Duration duration) {
    return String.format("%.2f s", duration.toNanos() / 1e9);
  }
}
