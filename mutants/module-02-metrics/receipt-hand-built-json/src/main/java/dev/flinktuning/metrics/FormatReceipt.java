package dev.flinktuning.metrics;

import dev.flinktuning.support.data.ShopEvent;
import java.util.Locale;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Correct alternative: the receipt written with a StringBuilder. Every field is a number or a
 * category name from a fixed list, none with a character JSON would escape.
 */
public class FormatReceipt implements MapFunction<ShopEvent, String> {

  private static final long serialVersionUID = 1L;

  @Override
  public String map(ShopEvent purchase) {
    long cents = purchase.priceCents % 100;
    return new StringBuilder(96)
        .append("{\"order\":")
        .append(purchase.eventId)
        .append(",\"user\":")
        .append(purchase.userId)
        .append(",\"item\":")
        .append(purchase.itemId)
        .append(",\"shelf\":\"")
        .append(purchase.category.toUpperCase(Locale.ROOT))
        .append('-')
        .append(purchase.itemId)
        .append("\",\"total\":\"")
        .append(purchase.priceCents / 100)
        .append(cents < 10 ? ".0" : ".")
        .append(cents)
        .append("\"}")
        .toString();
  }
}
