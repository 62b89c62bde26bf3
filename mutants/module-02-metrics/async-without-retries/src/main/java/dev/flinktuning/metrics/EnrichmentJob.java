package dev.flinktuning.metrics;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.launcher.StarterLauncher;
import dev.flinktuning.support.services.ItemLookupService;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.async.AsyncRetryStrategy;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.apache.flink.streaming.util.retryable.AsyncRetryStrategies;
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
   * <p>The reference: {@link AsyncDataStream#unorderedWaitWithRetry} keeps up to {@link #CAPACITY}
   * lookups in flight per subtask (the output is a set of lines: order does not matter, so
   * unordered), gives each {@link #TIMEOUT}, and retries a 503 after a short delay. A lookup that
   * is still refused after the last attempt leaves the async stage as a refused {@link Lookup}, and
   * the next stage sends it to the side output: an async function has no side outputs of its own.
   *
   * @param serviceUrl the item service's base address, such as {@code http://127.0.0.1:8088}
   */
  public static SingleOutputStreamOperator<String> enrich(
      DataStream<ShopEvent> purchases, String serviceUrl) {
    AsyncRetryStrategy<Lookup> retryRefused =
        new AsyncRetryStrategies.FixedDelayRetryStrategyBuilder<Lookup>(MAX_ATTEMPTS - 1, 5L)
            .ifResult(new AnyRefused())
            .build();
    DataStream<Lookup> lookups =
        AsyncDataStream.unorderedWait(
                purchases,
                new AsyncLookup(serviceUrl),
                TIMEOUT.toMillis(),
                TimeUnit.MILLISECONDS,
                CAPACITY)
            .name("Look up supplier");
    return lookups.process(new RouteRefused()).name("Route failed lookups");
  }

  /** Lookups in flight per subtask. */
  static final int CAPACITY = 100;

  /** How long one attempt may take before the job fails. */
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** A purchase and the service's answer: its supplier, or a refusal. */
  public static class Lookup {
    public ShopEvent purchase;
    public String supplier;

    public Lookup() {}

    Lookup(ShopEvent purchase, String supplier) {
      this.purchase = purchase;
      this.supplier = supplier;
    }

    boolean refused() {
      return supplier == null;
    }
  }

  /** Sends one request per purchase without waiting; completes when the answer arrives. */
  static final class AsyncLookup extends RichAsyncFunction<ShopEvent, Lookup> {

    private static final long serialVersionUID = 1L;

    private final String serviceUrl;
    private transient HttpClient http;

    AsyncLookup(String serviceUrl) {
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
    public void asyncInvoke(ShopEvent purchase, ResultFuture<Lookup> result) {
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(
                      serviceUrl + "/items/" + purchase.itemId + "?order=" + purchase.eventId))
              .timeout(TIMEOUT)
              .build();
      http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .whenComplete(
              (response, failure) -> {
                if (failure != null) {
                  result.completeExceptionally(
                      new IOException(
                          "The item service at "
                              + serviceUrl
                              + " does not answer ("
                              + failure
                              + ")",
                          failure));
                } else if (response.statusCode() == 200) {
                  result.complete(List.of(new Lookup(purchase, response.body().strip())));
                } else if (response.statusCode() == 503) {
                  result.complete(List.of(new Lookup(purchase, null)));
                } else {
                  result.completeExceptionally(
                      new IOException(
                          "The item service at "
                              + serviceUrl
                              + " answered "
                              + response.statusCode()
                              + ": "
                              + response.body()));
                }
              });
    }

    @Override
    public void timeout(ShopEvent purchase, ResultFuture<Lookup> result) {
      result.completeExceptionally(
          new TimeoutException(
              "The item service at "
                  + serviceUrl
                  + " did not answer order "
                  + purchase.eventId
                  + " within "
                  + TIMEOUT.toMillis()
                  + " ms"));
    }
  }

  /** Retry when the service refused; the strategy is shipped to the task, so it is serializable. */
  static final class AnyRefused implements Predicate<Collection<Lookup>>, Serializable {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean test(Collection<Lookup> results) {
      return results.stream().anyMatch(Lookup::refused);
    }
  }

  /** Supplied lookups become lines; refused ones go to {@link #FAILED_LOOKUPS}. */
  static final class RouteRefused extends ProcessFunction<Lookup, String> {

    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(Lookup lookup, Context ctx, Collector<String> out) {
      if (lookup.refused()) {
        ctx.output(FAILED_LOOKUPS, lookup.purchase);
      } else {
        out.collect(lookup.purchase.eventId + "," + lookup.purchase.itemId + "," + lookup.supplier);
      }
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
