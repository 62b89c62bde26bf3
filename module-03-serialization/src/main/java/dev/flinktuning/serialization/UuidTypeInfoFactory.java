package dev.flinktuning.serialization;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Gives Flink a serializer of its own for {@link UUID}: its two {@code long}s, 16 bytes, instead of
 * Kryo. You may use it in exercise 1; you need not change it.
 *
 * <p>Flink has no serializer for {@code UUID}, and cannot treat it as a POJO (no public no-argument
 * constructor, final fields without setters), so a {@code UUID} anywhere in a record falls back to
 * Kryo. There are two ways to use this factory:
 *
 * <ul>
 *   <li>on one field, or on a record's component: {@code @TypeInfo(UuidTypeInfoFactory.class) UUID
 *       orderId};
 *   <li>for every {@code UUID} in a job, in its configuration: {@code
 *       pipeline.serialization-config: [java.util.UUID: {type: typeinfo, class:
 *       dev.flinktuning.serialization.UuidTypeInfoFactory}]}.
 * </ul>
 *
 * <p>It is also what a custom serializer looks like in Flink 2.x, in its three parts: a {@link
 * TypeInformation} that Flink's type extraction returns for the type; a {@link TypeSerializer} that
 * writes and reads the bytes; and a {@link TypeSerializerSnapshot}, which Flink stores in every
 * checkpoint and savepoint with the state it wrote, so that a restored job can check its serializer
 * can still read that state.
 */
public final class UuidTypeInfoFactory extends TypeInfoFactory<UUID> {

  @Override
  public TypeInformation<UUID> createTypeInfo(
      Type type, Map<String, TypeInformation<?>> genericParameters) {
    return new UuidTypeInfo();
  }

  /** Flink's description of the type: one field, usable as a key, with {@link UuidSerializer}. */
  public static final class UuidTypeInfo extends TypeInformation<UUID> {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean isBasicType() {
      return false;
    }

    @Override
    public boolean isTupleType() {
      return false;
    }

    @Override
    public int getArity() {
      return 1;
    }

    @Override
    public int getTotalFields() {
      return 1;
    }

    @Override
    public Class<UUID> getTypeClass() {
      return UUID.class;
    }

    @Override
    public boolean isKeyType() {
      return true;
    }

    @Override
    public TypeSerializer<UUID> createSerializer(SerializerConfig config) {
      return UuidSerializer.INSTANCE;
    }

    @Override
    public String toString() {
      return "UUID";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof UuidTypeInfo;
    }

    @Override
    public int hashCode() {
      return UUID.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
      return o instanceof UuidTypeInfo;
    }
  }

  /**
   * Writes a {@code UUID} as its most and least significant bits: always 16 bytes. A {@code UUID}
   * is immutable, so copying one returns it. Nulls are the enclosing POJO's or record's business:
   * its serializer writes a flag for a null field.
   */
  public static final class UuidSerializer extends TypeSerializerSingleton<UUID> {

    private static final long serialVersionUID = 1L;

    /** The one instance; the serializer keeps no state. */
    public static final UuidSerializer INSTANCE = new UuidSerializer();

    private static final int LENGTH = 16;

    @Override
    public boolean isImmutableType() {
      return true;
    }

    @Override
    public UUID createInstance() {
      return new UUID(0, 0);
    }

    @Override
    public UUID copy(UUID from) {
      return from;
    }

    @Override
    public UUID copy(UUID from, UUID reuse) {
      return from;
    }

    @Override
    public int getLength() {
      return LENGTH;
    }

    @Override
    public void serialize(UUID uuid, DataOutputView target) throws IOException {
      target.writeLong(uuid.getMostSignificantBits());
      target.writeLong(uuid.getLeastSignificantBits());
    }

    @Override
    public UUID deserialize(DataInputView source) throws IOException {
      return new UUID(source.readLong(), source.readLong());
    }

    @Override
    public UUID deserialize(UUID reuse, DataInputView source) throws IOException {
      return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
      target.write(source, LENGTH);
    }

    @Override
    public TypeSerializerSnapshot<UUID> snapshotConfiguration() {
      return new UuidSerializerSnapshot();
    }
  }

  /**
   * What Flink stores about {@link UuidSerializer} in checkpoints and savepoints. It has nothing to
   * configure, so a restored job is compatible as long as it uses this serializer. Flink creates it
   * by reflection: it needs a public no-argument constructor.
   */
  public static final class UuidSerializerSnapshot extends SimpleTypeSerializerSnapshot<UUID> {

    public UuidSerializerSnapshot() {
      super(() -> UuidSerializer.INSTANCE);
    }
  }
}
