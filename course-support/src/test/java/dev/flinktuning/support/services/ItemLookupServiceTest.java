package dev.flinktuning.support.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ItemLookupServiceTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static HttpResponse<String> lookup(ItemLookupService service, long item, long order)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(service.url() + "/items/" + item + "?order=" + order))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersRefusesOnceAndAlwaysRefusesByOrder() throws Exception {
    try (ItemLookupService service = ItemLookupService.start(Duration.ZERO, 10, 50)) {
      assertThat(lookup(service, 7, 4).body()).isEqualTo(ItemLookupService.supplierOf(7) + "\n");
      assertThat(lookup(service, 7, 11).statusCode()).isEqualTo(503);
      assertThat(lookup(service, 7, 11).statusCode()).isEqualTo(200);
      assertThat(lookup(service, 7, 52).statusCode()).isEqualTo(503);
      assertThat(lookup(service, 7, 52).statusCode()).isEqualTo(503);
      assertThat(service.requests()).isEqualTo(5);
    }
  }

  @Test
  void countsTheMostRequestsInFlightAtOnce() throws Exception {
    // Long enough that all 8 requests are out before the first answer, even on a loaded machine
    // (with 200 ms, a busy 2-core machine once had only 6 out at once).
    try (ItemLookupService service = ItemLookupService.start(Duration.ofSeconds(2), 10, 50)) {
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(
            HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create(service.url() + "/items/1?order=" + (i * 10)))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      calls.forEach(CompletableFuture::join);
      assertThat(service.maxInFlight()).isEqualTo(8);
      assertThat(service.busySpan()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(20));
    }
  }
}
