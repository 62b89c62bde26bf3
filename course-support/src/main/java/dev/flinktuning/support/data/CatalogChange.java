package dev.flinktuning.support.data;

/**
 * One change of the item catalog: from event time {@link #effectiveAt} on, item {@code item.itemId}
 * has the profile {@link #item}. The course writes changes to a Kafka topic, keyed by item id, one
 * line each (see {@link #toLine()}).
 *
 * <p>A Flink POJO.
 */
public class CatalogChange {

  /** The event time, in epoch milliseconds, from which the new profile holds. */
  public long effectiveAt;

  /** The item's profile from then on. */
  public ItemProfile item;

  public CatalogChange() {}

  public CatalogChange(long effectiveAt, ItemProfile item) {
    this.effectiveAt = effectiveAt;
    this.item = item;
  }

  /** {@code effectiveAt;} followed by the item's {@link ItemProfile#toLine() line}. */
  public String toLine() {
    return effectiveAt + ";" + item.toLine();
  }

  /**
   * Reads a line written by {@link #toLine()}.
   *
   * @throws IllegalArgumentException with the line quoted, when it is not a catalog change
   */
  public static CatalogChange fromLine(String line) {
    int separator = line.indexOf(';');
    if (separator < 0) {
      throw new IllegalArgumentException(
          "A catalog change is 'effectiveAt;itemProfile', not '" + line + "'");
    }
    try {
      return new CatalogChange(
          Long.parseLong(line.substring(0, separator).trim()),
          ItemProfile.fromLine(line.substring(separator + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Not a time in catalog change '" + line + "'", e);
    }
  }

  @Override
  public String toString() {
    return toLine();
  }
}
