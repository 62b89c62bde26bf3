package dev.flinktuning.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What Flink 2.2 makes of common shapes of classes: the table in the chapter README, section "The
 * POJO rules, and what goes to Kryo", checked. Add a class of your own and see what Flink makes of
 * it: {@code TypeInformation.of(YourClass.class)} prints {@code PojoType<...>} or {@code
 * GenericType<...>}, with the type of every field.
 */
@DisplayName("Chapter 3 · what Flink 2.2 makes of common classes (the README's table)")
class FlinkTypeRulesTest {

  // The whole class goes to Kryo.

  /** Final fields (no setters) and no no-argument constructor: an immutable value class. */
  public static final class ImmutableValue {
    private final long id;

    public ImmutableValue(long id) {
      this.id = id;
    }

    public long getId() {
      return id;
    }
  }

  /** A getter but no setter. */
  public static class GetterOnly {
    private long id;

    public GetterOnly() {}

    public long getId() {
      return id;
    }
  }

  /** A no-argument constructor that is not public. */
  public static class PrivateConstructor {
    public long id;

    private PrivateConstructor() {}
  }

  /** Not static: it needs an enclosing instance, so it has no real no-argument constructor. */
  public class Inner {
    public long id;

    public Inner() {}
  }

  // A POJO, with one field that goes to Kryo.

  /** A payment: an interface, so Flink cannot know the fields of what it will get. */
  public interface Payment {}

  public static class WithInterfaceField {
    public Payment payment;

    public WithInterfaceField() {}
  }

  public static class WithObjectField {
    public Object attributes;

    public WithObjectField() {}
  }

  public static class WithUuidField {
    public UUID id;

    public WithUuidField() {}
  }

  public static class WithOptionalField {
    public Optional<String> coupon;

    public WithOptionalField() {}
  }

  /** A concrete collection class instead of the interface. */
  public static class WithArrayListField {
    public ArrayList<String> tags;

    public WithArrayListField() {}
  }

  public static class WithLocalDateTimeField {
    public LocalDateTime at;

    public WithLocalDateTimeField() {}
  }

  // Flink serializes these itself.

  /** Lists, maps and sets declared by their interfaces. */
  public static class WithCollections {
    public List<String> tags;
    public Map<String, Long> counts;
    public Set<Long> items;

    public WithCollections() {}
  }

  public static class WithTimeAndMoney {
    public Instant at;
    public BigDecimal amount;

    public WithTimeAndMoney() {}
  }

  /** Private fields with a getter and a setter each. */
  public static class GettersAndSetters {
    private long id;
    private String name;

    public GettersAndSetters() {}

    public long getId() {
      return id;
    }

    public void setId(long id) {
      this.id = id;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }
  }

  /** A record: no no-argument constructor or setters needed. */
  public record Point(long x, long y, String label) {}

  @Test
  @DisplayName("a class Flink cannot analyse goes to Kryo, all of it")
  void wholeClassGoesToKryo() {
    assertThat(TypeInformation.of(ImmutableValue.class)).isInstanceOf(GenericTypeInfo.class);
    assertThat(TypeInformation.of(GetterOnly.class)).isInstanceOf(GenericTypeInfo.class);
    assertThat(TypeInformation.of(PrivateConstructor.class)).isInstanceOf(GenericTypeInfo.class);
    assertThat(TypeInformation.of(Inner.class)).isInstanceOf(GenericTypeInfo.class);
    assertThat(TypeInformation.of(UUID.class)).isInstanceOf(GenericTypeInfo.class);
  }

  @Test
  @DisplayName("in a POJO, a field Flink cannot analyse goes to Kryo, the rest does not")
  void fieldGoesToKryo() {
    assertThat(fieldType(WithInterfaceField.class, "payment")).isEqualTo("GenericType");
    assertThat(fieldType(WithObjectField.class, "attributes")).isEqualTo("GenericType");
    assertThat(fieldType(WithUuidField.class, "id")).isEqualTo("GenericType");
    assertThat(fieldType(WithOptionalField.class, "coupon")).isEqualTo("GenericType");
    assertThat(fieldType(WithArrayListField.class, "tags")).isEqualTo("GenericType");
    assertThat(fieldType(WithLocalDateTimeField.class, "at")).isEqualTo("GenericType");
  }

  @Test
  @DisplayName("Flink serializes records, getters and setters, collections, Instant, BigDecimal")
  void flinkSerializesThese() {
    assertThat(fieldType(WithCollections.class, "tags")).isEqualTo("NullableList");
    assertThat(fieldType(WithCollections.class, "counts")).isEqualTo("NullableMap");
    assertThat(fieldType(WithCollections.class, "items")).isEqualTo("NullableSet");
    assertThat(fieldType(WithTimeAndMoney.class, "at")).isEqualTo("Instant");
    assertThat(fieldType(WithTimeAndMoney.class, "amount")).isEqualTo("BigDecimal");
    assertThat(TypeInformation.of(GettersAndSetters.class)).isInstanceOf(PojoTypeInfo.class);
    assertThat(TypeInformation.of(Point.class)).isInstanceOf(PojoTypeInfo.class);
    assertThat(fieldType(Point.class, "label")).isEqualTo("String");
  }

  /** The kind of type Flink gives a POJO's field: "GenericType", "NullableList", "String", ... */
  private static String fieldType(Class<?> pojo, String field) {
    TypeInformation<?> type = TypeInformation.of(pojo);
    assertThat(type).as("%s is a POJO", pojo.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
    PojoTypeInfo<?> pojoType = (PojoTypeInfo<?>) type;
    String printed = pojoType.getTypeAt(pojoType.getFieldIndex(field)).toString();
    int bracket = printed.indexOf('<');
    return bracket < 0 ? printed : printed.substring(0, bracket);
  }
}
