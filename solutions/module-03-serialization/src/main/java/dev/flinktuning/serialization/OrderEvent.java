package dev.flinktuning.serialization;

import dev.flinktuning.support.data.ShopEvent;
import java.util.Optional;
import java.util.UUID;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One order line, reference solution: a Java record, which Flink 2.x serializes with its own {@code
 * PojoSerializer}, and nothing in it that Flink hands to Kryo.
 *
 * <ul>
 *   <li>A record, not a final class with final fields: Flink treats a record as a POJO and builds
 *       each one through its canonical constructor, so it may stay immutable. A class needs a
 *       public no-argument constructor and a setter (or public access) for every field instead.
 *   <li>The order id stays a {@link UUID}, with a {@link TypeInfo} annotation that gives Flink a
 *       serializer for it: two {@code long}s. Without it, the field would go to Kryo.
 *   <li>The coupon is a {@code String}, {@code null} when there is none. An {@link Optional} field
 *       goes to Kryo; an {@code Optional} from a method costs nothing, see {@link #coupon()}.
 * </ul>
 *
 * @param couponCode the coupon used, or {@code null} if none
 */
public record OrderEvent(
    @TypeInfo(UuidTypeInfoFactory.class) UUID orderId,
    long userId,
    long itemId,
    int quantity,
    long priceCents,
    String couponCode,
    long timestamp) {

  /**
   * The order line a generated shop event stands for: 1 to 3 pieces of the item, and a coupon on
   * every seventh order.
   */
  public static OrderEvent fromShopEvent(ShopEvent event) {
    return new OrderEvent(
        new UUID(event.userId, event.eventId),
        event.userId,
        event.itemId,
        1 + (int) (event.eventId % 3),
        event.priceCents,
        event.eventId % 7 == 0 ? "SAVE" + event.itemId % 10 : null,
        event.timestamp);
  }

  /** The coupon, if the order used one. A method, not a field: Flink never serializes it. */
  public Optional<String> coupon() {
    return Optional.ofNullable(couponCode);
  }
}
