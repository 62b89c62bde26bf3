package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.ItemProfile;

/** The whole item catalog as one record, so a subtask sees either all of it or none. */
public class CatalogSnapshot {

  public ItemProfile[] items;

  public CatalogSnapshot() {}

  public CatalogSnapshot(ItemProfile[] items) {
    this.items = items;
  }
}
