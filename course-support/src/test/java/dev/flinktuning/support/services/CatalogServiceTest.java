package dev.flinktuning.support.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinktuning.support.data.CatalogChange;
import dev.flinktuning.support.data.ItemCatalog;
import dev.flinktuning.support.data.Scenario;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogServiceTest {

  private static final Scenario SCENARIO = Scenario.forChecks();

  @Test
  void answersTheCatalogAsOfATime() {
    List<CatalogChange> changes = SCENARIO.catalogChanges();
    try (CatalogService service =
        CatalogService.start(SCENARIO.catalog(), changes, Duration.ZERO, 0)) {
      CatalogClient client = new CatalogClient(service.url());
      assertThat(client.allItems()).isEqualTo(SCENARIO.catalog());
      long last = changes.get(changes.size() - 1).effectiveAt;
      for (long time :
          new long[] {changes.get(0).effectiveAt - 1, changes.get(0).effectiveAt, last}) {
        assertThat(client.allItemsAsOf(time))
            .as("as of %d", time)
            .isEqualTo(ItemCatalog.asOf(SCENARIO.catalog(), changes, time));
      }
      assertThat(client.allItemsAsOf(last)).isNotEqualTo(SCENARIO.catalog());
      assertThat(service.calls()).isEqualTo(5);
    }
  }

  @Test
  void refusesATimeThatIsNotANumber() throws Exception {
    try (CatalogService service = CatalogService.start(SCENARIO.catalog(), Duration.ZERO, 0)) {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(service.url() + "/items?asOf=soon")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.body()).contains("epoch milliseconds", "'soon'");
    }
  }
}
