package dev.flinktuning.serialization.benchmark;

import dev.flinktuning.serialization.UuidTypeInfoFactory;
import dev.flinktuning.support.data.ShopEvent;
import java.util.Optional;
import java.util.UUID;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.java.tuple.Tuple8;

/**
 * The same order line in the shapes the benchmark compares, each made from a shop event with the
 * same values as {@code OrderEvent.fromShopEvent}: 1 to 3 pieces, a coupon on every seventh order.
 */
final class OrderShapes {

  private OrderShapes() {}

  static UUID idOf(ShopEvent e) {
    return new UUID(e.userId, e.eventId);
  }

  static int quantityOf(ShopEvent e) {
    return 1 + (int) (e.eventId % 3);
  }

  /** The coupon, or {@code null}. */
  static String couponOf(ShopEvent e) {
    return e.eventId % 7 == 0 ? "SAVE" + e.itemId % 10 : null;
  }

  /** The starter's shape: immutable, a UUID, an Optional. Flink hands it to Kryo. */
  public static final class Immutable {
    private final UUID orderId;
    private final long userId;
    private final long itemId;
    private final int quantity;
    private final long priceCents;
    private final Optional<String> couponCode;
    private final long timestamp;

    Immutable(ShopEvent e) {
      orderId = idOf(e);
      userId = e.userId;
      itemId = e.itemId;
      quantity = quantityOf(e);
      priceCents = e.priceCents;
      couponCode = Optional.ofNullable(couponOf(e));
      timestamp = e.timestamp;
    }
  }

  /** A POJO: public fields, a public no-argument constructor; the UUID as its two longs. */
  public static class Pojo {
    public long orderIdHigh;
    public long orderIdLow;
    public long userId;
    public long itemId;
    public int quantity;
    public long priceCents;
    public String couponCode;
    public long timestamp;

    public Pojo() {}

    Pojo(ShopEvent e) {
      orderIdHigh = idOf(e).getMostSignificantBits();
      orderIdLow = idOf(e).getLeastSignificantBits();
      userId = e.userId;
      itemId = e.itemId;
      quantity = quantityOf(e);
      priceCents = e.priceCents;
      couponCode = couponOf(e);
      timestamp = e.timestamp;
    }
  }

  /** A record, the UUID as its two longs. */
  public record Record(
      long orderIdHigh,
      long orderIdLow,
      long userId,
      long itemId,
      int quantity,
      long priceCents,
      String couponCode,
      long timestamp) {

    static Record of(ShopEvent e) {
      UUID id = idOf(e);
      return new Record(
          id.getMostSignificantBits(),
          id.getLeastSignificantBits(),
          e.userId,
          e.itemId,
          quantityOf(e),
          e.priceCents,
          couponOf(e),
          e.timestamp);
    }
  }

  /** A record that keeps its UUID, serialized by the chapter's {@link UuidTypeInfoFactory}. */
  public record RecordWithUuid(
      @TypeInfo(UuidTypeInfoFactory.class) UUID orderId,
      long userId,
      long itemId,
      int quantity,
      long priceCents,
      String couponCode,
      long timestamp) {

    static RecordWithUuid of(ShopEvent e) {
      return new RecordWithUuid(
          idOf(e), e.userId, e.itemId, quantityOf(e), e.priceCents, couponOf(e), e.timestamp);
    }
  }

  /** A tuple: no names, and no nulls (an empty coupon for none). */
  static Tuple8<Long, Long, Long, Long, Integer, Long, String, Long> tuple(ShopEvent e) {
    UUID id = idOf(e);
    String coupon = couponOf(e);
    return Tuple8.of(
        id.getMostSignificantBits(),
        id.getLeastSignificantBits(),
        e.userId,
        e.itemId,
        quantityOf(e),
        e.priceCents,
        coupon == null ? "" : coupon,
        e.timestamp);
  }
}
