package dev.flinktuning.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinktuning.support.data.ShopEvent;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.flink.api.common.functions.MapFunction;

/** Mutant: the JSON mapper made once, but the pattern and the format string still per record. */
public class FormatReceipt implements MapFunction<ShopEvent, String> {

  private static final long serialVersionUID = 1L;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Override
  public String map(ShopEvent purchase) throws JsonProcessingException {
    ObjectNode receipt = MAPPER.createObjectNode();
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
    return MAPPER.writeValueAsString(receipt);
  }
}
