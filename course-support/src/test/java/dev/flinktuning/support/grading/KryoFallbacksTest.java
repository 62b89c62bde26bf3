package dev.flinktuning.support.grading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("KryoFallbacks")
class KryoFallbacksTest {

  private static final ShopEventGenerator GENERATOR = ShopEventGenerator.withSeed(1);

  /** Not a POJO: no no-argument constructor, and final fields have no setters. */
  public static final class Immutable {
    private final long id;

    public Immutable(long id) {
      this.id = id;
    }

    public long getId() {
      return id;
    }
  }

  /** A POJO whose fields Flink cannot analyse: each of them goes to Kryo. */
  public static class WithOpaqueFields {
    public long id;
    public UUID uuid;
    public Optional<String> note;

    public WithOpaqueFields() {}
  }

  /** A POJO Flink serializes by itself. */
  public static class Clean {
    public long id;
    public List<String> tags;

    public Clean() {}
  }

  @Test
  @DisplayName("finds a class that is not a POJO, with Flink's reasons")
  void notAPojo() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    ShopEvents.stream(env, GENERATOR, 10).map(e -> new Immutable(e.eventId)).name("To immutable");

    List<KryoFallbacks.Fallback> fallbacks = KryoFallbacks.in(env);

    assertThat(fallbacks).extracting(KryoFallbacks.Fallback::type).containsExactly(Immutable.class);
    assertThat(fallbacks.get(0).where()).containsExactly("operator 'To immutable' emits Immutable");
    assertThat(fallbacks.get(0).flinkSays())
        .anyMatch(line -> line.contains("does not contain a setter for field id"))
        .anyMatch(line -> line.contains("cannot be used as a POJO type"))
        .noneMatch(line -> line.contains("Please read"));
    assertThat(KryoFallbacks.describe(fallbacks))
        .contains(Immutable.class.getName() + " goes to Kryo")
        .contains("Flink says:");
  }

  @Test
  @DisplayName("finds fields and keys that go to Kryo inside a POJO Flink can serialize")
  void fieldsAndKeys() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    ShopEvents.stream(env, GENERATOR, 10)
        .map(
            e -> {
              WithOpaqueFields pojo = new WithOpaqueFields();
              pojo.uuid = new UUID(e.userId, e.eventId);
              return pojo;
            })
        .name("To opaque")
        .keyBy(pojo -> pojo.uuid)
        .map(pojo -> pojo.id)
        .name("Ids");

    List<KryoFallbacks.Fallback> fallbacks = KryoFallbacks.in(env);

    assertThat(fallbacks)
        .extracting(KryoFallbacks.Fallback::type)
        .containsExactlyInAnyOrder(UUID.class, Optional.class);
    KryoFallbacks.Fallback uuid =
        fallbacks.stream().filter(f -> f.type() == UUID.class).findFirst().orElseThrow();
    assertThat(uuid.where())
        .contains("operator 'To opaque' emits WithOpaqueFields -> field uuid: UUID")
        .contains("the HASH shuffle after 'To opaque' ships WithOpaqueFields -> field uuid: UUID")
        .contains("operator 'Ids' is keyed by UUID");
    assertThat(uuid.flinkSays())
        .anyMatch(line -> line.contains("#uuid will be processed as GenericType"))
        .noneMatch(line -> line.contains("#note"));
  }

  @Test
  @DisplayName("finds nothing in a job of POJOs, lists and basic types")
  void none() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    ShopEvents.stream(env, GENERATOR, 10)
        .map(
            e -> {
              Clean clean = new Clean();
              clean.id = e.eventId;
              clean.tags = List.of(e.category);
              return clean;
            })
        .keyBy(clean -> clean.id)
        .map(clean -> clean.tags.size());

    assertThat(KryoFallbacks.in(env)).isEmpty();
  }

  /** A POJO that loses a field on the wire: Flink's POJO serializer skips transient fields. */
  public static class LosesAField {
    public long id;
    public transient String note;

    public LosesAField() {}

    LosesAField(long id, String note) {
      this.id = id;
      this.note = note;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof LosesAField that && id == that.id;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(id);
    }

    @Override
    public String toString() {
      return id + " " + note;
    }
  }

  @Test
  @DisplayName("finds the Kryo serializer that pipeline.force-kryo builds for a POJO")
  void forcedKryo() {
    Configuration forceKryo = new Configuration();
    forceKryo.set(PipelineOptions.FORCE_KRYO, true);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(forceKryo);
    ShopEvents.stream(env, GENERATOR, 10).map(e -> new Clean()).name("To clean");

    assertThat(KryoFallbacks.in(env)).isEmpty();
    assertThat(KryoFallbacks.kryoSerializersIn(env))
        .extracting(KryoFallbacks.KryoSerializerFound::type)
        .contains(Clean.class);
  }

  @Test
  @DisplayName("finds Kryo nested in a POJO's fields, and none in a clean POJO")
  void nestedKryo() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    ShopEvents.stream(env, GENERATOR, 10).map(e -> new WithOpaqueFields()).name("To opaque");
    ShopEvents.stream(env, GENERATOR, 10).map(e -> new Clean()).name("To clean");

    assertThat(KryoFallbacks.kryoSerializersIn(env))
        .extracting(KryoFallbacks.KryoSerializerFound::type)
        .containsExactlyInAnyOrder(UUID.class, Optional.class);
  }

  @Test
  @DisplayName("a round trip through the serializers as built shows a field lost on the wire")
  void lostOnTheWire() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    ShopEvents.stream(env, GENERATOR, 10).map(e -> new LosesAField()).name("To lossy");
    ShopEvents.stream(env, GENERATOR, 10).map(e -> new Clean()).name("To clean");

    Clean clean = new Clean();
    clean.id = 3;
    clean.tags = List.of("a");
    List<String> changed =
        KryoFallbacks.changedByARoundTrip(env, List.of(new LosesAField(7, "kept?"), clean));

    assertThat(changed).hasSize(1);
    assertThat(changed.get(0)).contains("To lossy").contains("field note was kept?");
  }
}
