package dev.flinktuning.serialization;

import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.CollectingSink;
import dev.flinktuning.support.grading.GradedCheck;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.KryoFallbacks;
import dev.flinktuning.support.grading.OutputCheck;
import dev.flinktuning.support.grading.ReadOn;
import dev.flinktuning.support.grading.WrongRouteError;
import dev.flinktuning.support.i18n.Texts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Chapter 3 · Exercise 1 · spend per user, without Kryo")
class SpendPerUserJobTest {

  @RegisterExtension static final GradingCluster CLUSTER = GradingCluster.withSlots(2);

  private static final String README = "module-03-serialization/README.md";
  private static final String SECTION = "Exercise 1: Kryo fallback";

  /** The check's texts, in English or Chinese: messages*.properties beside this package's tests. */
  private static final Texts TEXTS = Texts.of(SpendPerUserJobTest.class);

  /** 500 users, an event every 200 ms: about 67 minutes of event time, 7 windows. */
  private static final ShopEventGenerator GENERATOR =
      ShopEventGenerator.withSeed(31).users(500).millisPerEvent(200);

  private static final int EVENTS = 20_000;

  /** Records of each type the job ships, sent through its serializers as built. */
  private static final int SAMPLES = 1_000;

  private static List<ShopEvent> events;

  @BeforeAll
  static void generate() {
    events = GENERATOR.generate(EVENTS);
  }

  @Test
  @DisplayName("emits the same spend per user as the oracle, with the job's configuration")
  void emitsTheOraclesSpend() throws Exception {
    runAndCheckOutput();
  }

  @GradedCheck
  @DisplayName("no type the job's operators emit or key by falls back to Kryo")
  void noKryoFallbacks() throws Exception {
    List<KryoFallbacks.Fallback> fallbacks = runAndCheckOutput();

    Budget.of(TEXTS.get("kryoTypes.what"), "")
        .measured(fallbacks.size())
        .atMost(0)
        .typically(TEXTS.get("kryoTypes.starter"), TEXTS.get("kryoTypes.reference"))
        .readOn(README, SECTION)
        .details(KryoFallbacks.describe(fallbacks))
        .verify();
  }

  @GradedCheck
  @DisplayName("the job's configuration refuses Kryo: pipeline.generic-types is false")
  void configurationRefusesKryo() throws Exception {
    List<KryoFallbacks.Fallback> fallbacks = runAndCheckOutput();

    // A regression: someone adds an operator whose type Flink cannot analyse.
    StreamExecutionEnvironment env = environment();
    ShopEvents.stream(env, GENERATOR, 1)
        .map(event -> new NotAPojo(event.eventId))
        .name("An operator with a Kryo type")
        .sinkTo(new DiscardingSink<>());
    String outcome;
    int accepted;
    try {
      env.getStreamGraph();
      accepted = 1;
      outcome =
          (fallbacks.isEmpty() ? TEXTS.get("kryoLetThrough.typesDone") : "")
              + TEXTS.get("kryoLetThrough.builtSilently");
    } catch (UnsupportedOperationException refused) {
      accepted = 0;
      outcome = TEXTS.get("kryoLetThrough.refused", refused.getMessage());
    }

    Budget.of(TEXTS.get("kryoLetThrough.what"), "")
        .measured(accepted)
        .atMost(0)
        .typically(TEXTS.get("kryoLetThrough.starter"), TEXTS.get("kryoLetThrough.reference"))
        .readOn(README, SECTION)
        .details(outcome + System.lineSeparator())
        .verify();
  }

  /** What a regression would bring in: final fields, no no-argument constructor. */
  static final class NotAPojo {
    private final long id;

    NotAPojo(long id) {
      this.id = id;
    }

    @Override
    public String toString() {
      return "NotAPojo " + id;
    }
  }

  /**
   * Runs the job with {@link SpendPerUserJob#configuration()} and checks its output, then its
   * serializers as built; returns the job's Kryo fallbacks by type, found before it ran.
   *
   * @throws WrongRouteError if a serializer Flink builds for the job is Kryo although the types do
   *     not say so, or if a record does not come back whole from a trip through its serializer
   */
  private static List<KryoFallbacks.Fallback> runAndCheckOutput() throws Exception {
    StreamExecutionEnvironment env = environment();
    CollectingSink<UserSpend> sink =
        CollectingSink.collect(
            SpendPerUserJob.spendPerUser(
                SpendPerUserJob.orders(ShopEvents.stream(env, GENERATOR, EVENTS))));
    List<UserSpend> expected = Oracles.spendPerUser(events, SpendPerUserJob.WINDOW.toMillis());
    List<KryoFallbacks.Fallback> fallbacks = KryoFallbacks.in(env);
    List<KryoFallbacks.KryoSerializerFound> kryo = KryoFallbacks.kryoSerializersIn(env);
    List<Object> samples = new ArrayList<>();
    events.stream().limit(SAMPLES).map(OrderEvent::fromShopEvent).forEach(samples::add);
    expected.stream().limit(SAMPLES).forEach(samples::add);
    List<String> changed = KryoFallbacks.changedByARoundTrip(env, samples);
    try {
      CLUSTER.run(env);
      OutputCheck.assertSameRecords(TEXTS.get("spendPerUser"), sink.results(), expected);
    } catch (Exception e) {
      Optional<Throwable> refused =
          ExceptionUtils.findThrowableWithMessage(e, "Generic types have been disabled");
      if (refused.isPresent()) {
        throw new AssertionError(stillKryo(refused.get(), fallbacks), e);
      }
      throw e;
    } finally {
      sink.clear();
    }
    assertNoHiddenKryo(fallbacks, kryo);
    assertNothingLostOnTheWire(changed);
    return fallbacks;
  }

  /**
   * Kryo that the types do not show: the serializers Flink builds with the job's configuration must
   * not be Kryo's where the types are Flink's own (a {@code pipeline.force-kryo}, a {@code
   * TypeInformation} that hands its records to Kryo).
   */
  private static void assertNoHiddenKryo(
      List<KryoFallbacks.Fallback> fallbacks, List<KryoFallbacks.KryoSerializerFound> kryo) {
    StringBuilder hidden = new StringBuilder();
    for (KryoFallbacks.KryoSerializerFound found : kryo) {
      if (fallbacks.stream().noneMatch(fallback -> fallback.type().equals(found.type()))) {
        hidden.append(String.format("    %s%n", found.where()));
      }
    }
    if (hidden.length() > 0) {
      throw new WrongRouteError(TEXTS.get("hiddenKryo", hidden, ReadOn.pointer(README, SECTION)));
    }
  }

  /** Each record must come back whole from its serializer: nothing may be lost on the wire. */
  private static void assertNothingLostOnTheWire(List<String> changed) {
    if (!changed.isEmpty()) {
      throw new WrongRouteError(
          TEXTS.get(
              "fieldLost",
              String.join(System.lineSeparator() + "    ", changed),
              ReadOn.pointer(README, SECTION)));
    }
  }

  /**
   * An environment with the job's configuration. Tests build several jobs in one JVM, which a
   * {@code TypeInfoFactory} registered through {@code pipeline.serialization-config} does not
   * allow: that case gets a message that says what to do instead.
   */
  private static StreamExecutionEnvironment environment() {
    try {
      return CLUSTER.environment(2, SpendPerUserJob.configuration());
    } catch (RuntimeException e) {
      if (ExceptionUtils.findThrowableWithMessage(e, "is already registered").isEmpty()) {
        throw e;
      }
      throw new AssertionError(
          TEXTS.get(
              "factoryRegisteredTwice",
              ReadOn.pointer(README, "A custom serializer, the Flink 2.x way")),
          e);
    }
  }

  /**
   * What to do when the job does not run because a type still goes to Kryo: the configuration part
   * is done, the types are left.
   */
  private static String stillKryo(Throwable refused, List<KryoFallbacks.Fallback> fallbacks) {
    return TEXTS.get(
        "stillKryo",
        refused.getMessage(),
        ReadOn.pointer(README, SECTION),
        KryoFallbacks.describe(fallbacks));
  }
}
