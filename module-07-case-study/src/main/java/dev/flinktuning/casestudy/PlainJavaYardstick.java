package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.CatalogChange;
import dev.flinktuning.support.data.ItemProfile;
import dev.flinktuning.support.data.Scenario;
import dev.flinktuning.support.data.ShopEvent;
import java.time.Duration;
import java.util.List;

/**
 * The demo's yardstick: the same recommendations computed by {@link RecommendationOracle}, in plain
 * Java on one thread, from events already in memory (no Kafka, no Flink, no Redis), timed in the
 * demo's JVM right after the jobs. A job on two cores that reads Kafka and writes Redis should be
 * at least as fast; the starter is far from it.
 *
 * @param events how many events it computed from
 * @param took how long the computation took, without generating the events
 * @param recommendations what it computed, one line per user and window, sorted
 */
record PlainJavaYardstick(long events, Duration took, List<String> recommendations) {

  /** Generates the scenario's events (not timed), then times the plain-Java computation. */
  static PlainJavaYardstick measure(Scenario scenario) {
    List<ShopEvent> events = scenario.generator().generate(scenario.events());
    List<ItemProfile> catalog = scenario.catalog();
    List<CatalogChange> changes = scenario.catalogChanges();
    long start = System.nanoTime();
    List<String> recommendations = RecommendationOracle.expected(events, catalog, changes);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    return new PlainJavaYardstick(events.size(), took, recommendations);
  }

  double eventsPerSecond() {
    return events / Math.max(0.001, took.toNanos() / 1e9);
  }

  /** One line per job: its speed against plain Java's, and whether it wrote the same. */
  String against(List<JobReport> reports) {
    StringBuilder out =
        new StringBuilder(
            String.format(
                "Plain Java, one thread, events in memory, full sort: %,.0f events/s (%.1f s)%n",
                eventsPerSecond(), took.toMillis() / 1000.0));
    for (JobReport report : reports) {
      out.append(
          String.format(
              "  %s: %.2fx plain Java's speed; same recommendations: %s%n",
              report.name(),
              report.eventsPerSecond() / eventsPerSecond(),
              report.output().lines().equals(recommendations) ? "yes" : "NO"));
    }
    return out.toString();
  }
}
