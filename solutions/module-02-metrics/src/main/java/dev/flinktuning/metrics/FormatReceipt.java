package dev.flinktuning.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinktuning.support.data.ShopEvent;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Turns a purchase into a one-line JSON receipt: {@code
 * {"order":17,"user":42,"item":7,"shelf":"BOOKS-7","total":"55.52"}}.
 *
 * <p>The reference: the JSON mapper is built once per task, in {@link #open(OpenContext)} (it is
 * thread-safe and expensive: its caches fill on first use); the shelf needs no regular expression
 * (a category has no blanks, and if it had, a {@code static final Pattern} compiles it once); the
 * total is two integers, not a format string parsed for every record.
 */
public class FormatReceipt extends RichMapFunction<ShopEvent, String> {

  private static final long serialVersionUID = 1L;

  private transient ObjectMapper mapper;

  @Override
  public void open(OpenContext openContext) {
    mapper = new ObjectMapper();
  }

  @Override
  public String map(ShopEvent purchase) throws JsonProcessingException {
    ObjectNode receipt = mapper.createObjectNode();
    receipt.put("order", purchase.eventId);
    receipt.put("user", purchase.userId);
    receipt.put("item", purchase.itemId);
    receipt.put("shelf", purchase.category.toUpperCase(Locale.ROOT) + "-" + purchase.itemId);
    long cents = purchase.priceCents % 100;
    receipt.put("total", (purchase.priceCents / 100) + (cents < 10 ? ".0" : ".") + cents);
    return mapper.writeValueAsString(receipt);
  }
}
