package dev.flinktuning.support.services;

import dev.flinktuning.support.data.ItemProfile;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls the {@link CatalogService} over HTTP. Serializable, so a Flink function can hold one: the
 * HTTP client itself is made on first use, in the task.
 */
public final class CatalogClient implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String baseUrl;
  private transient HttpClient http;

  public CatalogClient(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** Every item profile in the catalog at the start of the day, before any change: one request. */
  public List<ItemProfile> allItems() {
    return itemsIn(get("/items"));
  }

  /**
   * Every item profile in the catalog as it stands at event time {@code time}, with every change
   * that takes effect then or before: one request.
   */
  public List<ItemProfile> allItemsAsOf(long time) {
    return itemsIn(get("/items?asOf=" + time));
  }

  private static List<ItemProfile> itemsIn(String body) {
    List<ItemProfile> items = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (!line.isBlank()) {
        items.add(ItemProfile.fromLine(line));
      }
    }
    return items;
  }

  /** One item's profile: one request. */
  public ItemProfile item(long itemId) {
    return ItemProfile.fromLine(get("/items/" + itemId).trim());
  }

  private String get(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30)).build();
    try {
      HttpResponse<String> response = http().send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "The item catalog answered "
                + response.statusCode()
                + " to GET "
                + baseUrl
                + path
                + ": "
                + response.body().trim());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(
          "The item catalog at " + baseUrl + " did not answer GET " + path + " (" + e + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while calling the item catalog", e);
    }
  }

  private HttpClient http() {
    if (http == null) {
      http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
    }
    return http;
  }
}
