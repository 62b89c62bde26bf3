package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.CatalogChange;
import dev.flinktuning.support.data.ItemProfile;
import org.apache.flink.api.common.functions.MapFunction;

/** Reads a line of the catalog's changes: one item, and the event time from which it holds. */
public class ReadCatalogChange implements MapFunction<String, CatalogSnapshot> {

  @Override
  public CatalogSnapshot map(String line) {
    CatalogChange change = CatalogChange.fromLine(line);
    return new CatalogSnapshot(change.effectiveAt, new ItemProfile[] {change.item});
  }
}
