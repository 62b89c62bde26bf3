package dev.flinktuning.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinktuning.support.data.ShopEvent;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Turns a purchase into a one-line JSON receipt: {@code
 * {"order":17,"user":42,"item":7,"shelf":"BOOKS-7","total":"55.52"}}.
 *
 * <p>Exercise 1b of chapter 2: this is the slow stage of {@link ReceiptJob}. For every record it
 * builds a new JSON {@link ObjectMapper} (thousands of objects, its caches empty), compiles a
 * regular expression and formats the total with {@link String#format}. Each is a classic per-record
 * cost; together they make this the bottleneck.
 *
 * <p><b>Edit</b> this class: the receipt must stay exactly the same, byte for byte.
 */
public class FormatReceipt implements MapFunction<ShopEvent, String> {

  private static final long serialVersionUID = 1L;

  @Override
  public String map(ShopEvent purchase) throws JsonProcessingException {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode receipt = mapper.createObjectNode();
    receipt.put("order", purchase.eventId);
    receipt.put("user", purchase.userId);
    receipt.put("item", purchase.itemId);
    String shelf = purchase.category + " " + purchase.itemId;
    receipt.put(
        "shelf", Pattern.compile("\\s+").matcher(shelf).replaceAll("-").toUpperCase(Locale.ROOT));
    receipt.put(
        "total",
        String.format(
            Locale.ROOT, "%d.%02d", purchase.priceCents / 100, purchase.priceCents % 100));
    return mapper.writeValueAsString(receipt);
  }
}
