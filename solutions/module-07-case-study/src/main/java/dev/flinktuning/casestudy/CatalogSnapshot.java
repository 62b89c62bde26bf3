package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.ItemProfile;

/**
 * Items of the catalog, and the event time from which they hold: the whole catalog at start-up
 * (from the beginning of time), or one item that changes. One record, so a subtask sees either all
 * of it or none.
 */
public class CatalogSnapshot {

  /** The event time from which these profiles hold; {@code Long.MIN_VALUE} for the start-up. */
  public long from;

  public ItemProfile[] items;

  public CatalogSnapshot() {}

  public CatalogSnapshot(long from, ItemProfile[] items) {
    this.from = from;
    this.items = items;
  }
}
