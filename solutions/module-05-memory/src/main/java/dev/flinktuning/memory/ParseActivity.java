package dev.flinktuning.memory;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEventGenerator;
import java.time.LocalDate;
import java.util.List;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Exercise 2, reference: parses a CSV line of a shop event into an {@link Activity} with one
 * allocation per line, the {@code Activity} itself.
 *
 * <ul>
 *   <li>Fields are found with {@code indexOf} and numbers read in place with {@link
 *       Long#parseLong(CharSequence, int, int, int)}: no regular expression, no substrings, no
 *       boxing.
 *   <li>Category and type come from the few values they can have, compared in place; a category it
 *       does not know is still cut out of the line, so any input stays right.
 *   <li>The day string is made once per day, not once per line: consecutive events fall on the same
 *       day.
 * </ul>
 *
 * <p>It returns a new {@code Activity} each time. Returning one reused object would save those
 * bytes too, but is only safe under conditions this job does not meet: see the README.
 */
public class ParseActivity implements MapFunction<String, Activity> {

  private static final long serialVersionUID = 1L;

  private static final List<String> CATEGORIES = ShopEventGenerator.categories();
  private static final EventType[] TYPES = EventType.values();
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private long cachedEpochDay = Long.MIN_VALUE;
  private String cachedDay;

  @Override
  public Activity map(String line) {
    int eventIdEnd = comma(line, 0);
    int userEnd = comma(line, eventIdEnd + 1);
    int itemEnd = comma(line, userEnd + 1);
    int categoryEnd = comma(line, itemEnd + 1);
    int typeEnd = comma(line, categoryEnd + 1);
    int priceEnd = comma(line, typeEnd + 1);

    long userId = Long.parseLong(line, eventIdEnd + 1, userEnd, 10);
    long itemId = Long.parseLong(line, userEnd + 1, itemEnd, 10);
    String category = category(line, itemEnd + 1, categoryEnd);
    EventType type = type(line, categoryEnd + 1, typeEnd);
    long priceCents = Long.parseLong(line, typeEnd + 1, priceEnd, 10);
    long timestamp = Long.parseLong(line, priceEnd + 1, line.length(), 10);

    return new Activity(userId, itemId, category, type, priceCents, day(timestamp));
  }

  private String day(long timestamp) {
    long epochDay = Math.floorDiv(timestamp, MILLIS_PER_DAY);
    if (epochDay != cachedEpochDay) {
      cachedDay = LocalDate.ofEpochDay(epochDay).toString();
      cachedEpochDay = epochDay;
    }
    return cachedDay;
  }

  private static int comma(String line, int from) {
    int at = line.indexOf(',', from);
    if (at < 0) {
      throw new IllegalArgumentException("Not a shop event (too few fields): " + line);
    }
    return at;
  }

  private static String category(String line, int start, int end) {
    for (String category : CATEGORIES) {
      if (category.length() == end - start && line.startsWith(category, start)) {
        return category;
      }
    }
    return line.substring(start, end);
  }

  private static EventType type(String line, int start, int end) {
    for (EventType type : TYPES) {
      String name = type.name();
      if (name.length() == end - start && line.startsWith(name, start)) {
        return type;
      }
    }
    throw new IllegalArgumentException("Not a shop event (unknown type): " + line);
  }
}
