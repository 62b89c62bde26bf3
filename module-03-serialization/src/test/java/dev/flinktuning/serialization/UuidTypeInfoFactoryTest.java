package dev.flinktuning.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinktuning.serialization.UuidTypeInfoFactory.UuidSerializer;
import dev.flinktuning.serialization.UuidTypeInfoFactory.UuidTypeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshotSerializationUtil;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Chapter 3 · UuidTypeInfoFactory, a custom serializer done the Flink 2.x way")
class UuidTypeInfoFactoryTest {

  /** A record that keeps its UUID, with the factory on the component. */
  public record Order(@TypeInfo(UuidTypeInfoFactory.class) UUID id, String note) {}

  @Test
  @DisplayName("writes a UUID in 16 bytes and reads back the same UUID")
  void roundTrip() throws Exception {
    SplittableRandom random = new SplittableRandom(3);
    List<UUID> uuids = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      uuids.add(new UUID(random.nextLong(), random.nextLong()));
    }
    uuids.add(UUID.randomUUID());
    DataOutputSerializer out = new DataOutputSerializer(64);
    for (UUID uuid : uuids) {
      UuidSerializer.INSTANCE.serialize(uuid, out);
    }
    assertThat(out.length()).isEqualTo(16 * uuids.size());

    DataInputDeserializer in = new DataInputDeserializer(out.getSharedBuffer(), 0, out.length());
    for (UUID uuid : uuids) {
      assertThat(UuidSerializer.INSTANCE.deserialize(in)).isEqualTo(uuid);
    }
  }

  @Test
  @DisplayName("a record with an annotated UUID is a POJO, and its UUID is not Kryo's")
  void annotatedRecordComponent() throws Exception {
    TypeInformation<Order> type = TypeInformation.of(Order.class);

    assertThat(type).isInstanceOf(PojoTypeInfo.class);
    PojoTypeInfo<Order> pojo = (PojoTypeInfo<Order>) type;
    assertThat(pojo.getTypeAt(pojo.getFieldIndex("id"))).isInstanceOf(UuidTypeInfo.class);
  }

  @Test
  @DisplayName("its snapshot, as a savepoint stores it, says a restored job can read the state")
  void snapshotRestoresCompatible() throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshotSerializationUtil.writeSerializerSnapshot(
        out, UuidSerializer.INSTANCE.snapshotConfiguration());

    TypeSerializerSnapshot<UUID> restored =
        TypeSerializerSnapshotSerializationUtil.readSerializerSnapshot(
            new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()),
            getClass().getClassLoader());

    assertThat(restored.restoreSerializer()).isSameAs(UuidSerializer.INSTANCE);
    assertThat(
            UuidSerializer.INSTANCE
                .snapshotConfiguration()
                .resolveSchemaCompatibility(restored)
                .isCompatibleAsIs())
        .isTrue();
  }
}
