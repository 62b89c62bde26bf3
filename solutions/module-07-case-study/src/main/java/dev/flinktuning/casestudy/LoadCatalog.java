package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.ItemProfile;
import dev.flinktuning.support.services.CatalogClient;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Fetches the whole catalog at the start of the day with one request, for each element it gets (the
 * job sends one). Its changes come later, from Kafka ({@link ReadCatalogChange}).
 */
public class LoadCatalog implements FlatMapFunction<Long, CatalogSnapshot> {

  private final CatalogClient catalog;

  public LoadCatalog(String catalogUrl) {
    this.catalog = new CatalogClient(catalogUrl);
  }

  @Override
  public void flatMap(Long ignored, Collector<CatalogSnapshot> out) {
    out.collect(
        new CatalogSnapshot(Long.MIN_VALUE, catalog.allItems().toArray(new ItemProfile[0])));
  }
}
