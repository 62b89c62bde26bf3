package dev.flinktuning.memory;

import dev.flinktuning.support.data.EventType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * A copy of the starter's {@link ParseActivity}, kept here so the allocation check can measure it
 * in the same JVM as yours: the budget is a fifth of what this copy allocates per line.
 */
final class StarterParseActivity implements MapFunction<String, Activity> {

  private static final long serialVersionUID = 1L;

  @Override
  public Activity map(String line) {
    String[] fields = line.split("\\s*,\\s*"); // lenient about spaces around commas
    Map<String, Object> record = new HashMap<>();
    record.put("userId", Long.valueOf(fields[1]));
    record.put("itemId", Long.valueOf(fields[2]));
    record.put("category", fields[3]);
    record.put("type", EventType.valueOf(fields[4]));
    record.put("priceCents", Long.valueOf(fields[5]));
    record.put("timestamp", Long.valueOf(fields[6]));

    DateTimeFormatter days = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    String day = days.format(Instant.ofEpochMilli((Long) record.get("timestamp")));

    return new Activity(
        (Long) record.get("userId"),
        (Long) record.get("itemId"),
        (String) record.get("category"),
        (EventType) record.get("type"),
        (Long) record.get("priceCents"),
        day);
  }
}
