package dev.flinktuning.metrics;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.launcher.StarterLauncher;
import dev.flinktuning.support.services.ItemLookupService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Adds each purchase's supplier, looked up per item from the item service over HTTP.
 *
 * <p>Exercise 3 of chapter 2. The lookup takes a few milliseconds, and the service now and then
 * answers 503 ("busy, try again"). This starter calls it the way most jobs first do: one blocking
 * request per record, retried in a loop. While a subtask waits for an answer it does nothing else,
 * so the job runs at one request per subtask at a time, whatever the service could take.
 *
 * <p><b>Edit</b> {@link #enrich(DataStream, String)}: make the lookups asynchronous, with Flink's
 * {@code AsyncDataStream}, an asynchronous HTTP client, a capacity, a timeout and a retry strategy.
 * The output must stay the same: every purchase enriched once, and a purchase whose lookup keeps
 * failing in the side output {@link #FAILED_LOOKUPS}, never lost. A service that does not answer at
 * all must fail the job with a message naming the service and its address.
 */
public final class EnrichmentJob {

  /** Purchases whose lookup still failed after {@link #MAX_ATTEMPTS} attempts. */
  public static final OutputTag<ShopEvent> FAILED_LOOKUPS =
      new OutputTag<>(
          "failed-lookups",
          org.apache.flink.api.common.typeinfo.TypeInformation.of(ShopEvent.class));

  /** Attempts per lookup, the first included. */
  public static final int MAX_ATTEMPTS = 3;

  private EnrichmentJob() {}

  /**
   * One line per purchase: {@code orderId,itemId,supplier}; purchases whose lookup kept failing go
   * to {@link #FAILED_LOOKUPS} of the returned stream.
   *
   * @param serviceUrl the item service's base address, such as {@code http://127.0.0.1:8088}
   */
  public static SingleOutputStreamOperator<String> enrich(
      DataStream<ShopEvent> purchases, String serviceUrl) {
    return purchases.process(new BlockingLookup(serviceUrl)).name("Async lookup");
  }

  /** Looks up one purchase at a time and waits for the answer. */
  static final class BlockingLookup extends ProcessFunction<ShopEvent, String> {

    private static final long serialVersionUID = 1L;

    private final String serviceUrl;
    private transient HttpClient http;

    BlockingLookup(String serviceUrl) {
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
                  URI.create(
                      serviceUrl + "/items/" + purchase.itemId + "?order=" + purchase.eventId))
              .timeout(Duration.ofSeconds(5))
              .build();
      for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        HttpResponse<String> response;
        try {
          // mutant: the asynchronous client, waited for at once: still one request at a time
          response = http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).join();
        } catch (java.util.concurrent.CompletionException e) {
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
      ctx.output(FAILED_LOOKUPS, purchase);
    }
  }

  /** Runs the job on the Web UI for about a minute, against an item service it starts. */
  public static void main(String[] args) throws Exception {
    try (ItemLookupService service = ItemLookupService.start(Duration.ofMillis(10), 10, 97)) {
      StreamExecutionEnvironment env = StarterLauncher.environment(2);
      ShopEventGenerator generator = ShopEventGenerator.withSeed(3);
      DataStream<ShopEvent> purchases =
          ShopEvents.stream(env, generator, 120_000)
              .filter(event -> event.type == EventType.PURCHASE)
              .name("Purchases only");
      SingleOutputStreamOperator<String> enriched = enrich(purchases, service.url());
      System.out.println(
          "The item service is at "
              + service.url()
              + "; look at the 'Look up supplier' task's busy time, then at the source's"
              + " backpressure.");
      StarterLauncher.run(env, "Chapter 2 - enrichment", enriched);
      System.out.printf(
          "The service served %,d requests, at most %d at the same time.%n",
          service.requests(), service.maxInFlight());
    }
  }
}
