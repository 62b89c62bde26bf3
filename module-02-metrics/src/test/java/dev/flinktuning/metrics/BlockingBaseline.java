package dev.flinktuning.metrics;

import dev.flinktuning.support.data.ShopEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The starter's blocking lookup, kept in the test so the speed-up is always measured against it,
 * whatever the learner's edits: one request per record, waited for, retried in a loop.
 */
final class BlockingBaseline extends ProcessFunction<ShopEvent, String> {

  private static final long serialVersionUID = 1L;

  private final String serviceUrl;
  private transient HttpClient http;

  BlockingBaseline(String serviceUrl) {
    this.serviceUrl = serviceUrl;
  }

  @Override
  public void open(OpenContext openContext) {
    http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
  }

  @Override
  public void processElement(ShopEvent purchase, Context ctx, Collector<String> out)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(serviceUrl + "/items/" + purchase.itemId + "?order=" + purchase.eventId))
            .timeout(Duration.ofSeconds(5))
            .build();
    for (int attempt = 1; attempt <= EnrichmentJob.MAX_ATTEMPTS; attempt++) {
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new IOException(
            "The item service at " + serviceUrl + " does not answer (" + e + ")", e);
      }
      if (response.statusCode() == 200) {
        out.collect(purchase.eventId + "," + purchase.itemId + "," + response.body().strip());
        return;
      }
      if (response.statusCode() != 503) {
        throw new IOException(
            "The item service at "
                + serviceUrl
                + " answered "
                + response.statusCode()
                + ": "
                + response.body());
      }
    }
    ctx.output(EnrichmentJob.FAILED_LOOKUPS, purchase);
  }
}
