package dev.flinktuning.serialization;

import dev.flinktuning.support.data.ShopEvent;
import java.util.Objects;

/**
 * A product page view as the web tier logs it: a few ids and numbers, and some large text fields,
 * above all a snapshot of the product as the page showed it (about a kilobyte of JSON).
 *
 * <p>A Flink POJO, serialized by Flink's own {@code PojoSerializer}. It stands for the input of
 * exercise 2, as it comes from a topic: you need not change it.
 */
public class PageView {

  public long viewId;
  public long userId;
  public long itemId;

  /** Event time, epoch milliseconds. */
  public long timestamp;

  /** How long the page stayed open. */
  public long millisOnPage;

  public String url;
  public String referrer;
  public String userAgent;

  /** The product as the page showed it: title, price, description, as JSON. */
  public String productJson;

  public PageView() {}

  /** The page view a generated shop event stands for. */
  public static PageView fromShopEvent(ShopEvent event) {
    PageView view = new PageView();
    view.viewId = event.eventId;
    view.userId = event.userId;
    view.itemId = event.itemId;
    view.timestamp = event.timestamp;
    view.millisOnPage = 1_000 + (event.eventId * 7_919) % 119_000;
    view.url = "https://shop.example/" + event.category + "/item/" + event.itemId;
    view.referrer =
        event.eventId % 3 == 0
            ? "https://search.example/?q=" + event.category
            : "https://shop.example/" + event.category;
    view.userAgent =
        "Mozilla/5.0 (X11; Linux x86_64; rv:"
            + (120 + event.userId % 20)
            + ".0) Gecko/20100101 Firefox/"
            + (120 + event.userId % 20)
            + ".0";
    view.productJson = productJson(event);
    return view;
  }

  private static String productJson(ShopEvent event) {
    StringBuilder json = new StringBuilder(1_200);
    json.append("{\"itemId\":")
        .append(event.itemId)
        .append(",\"category\":\"")
        .append(event.category)
        .append("\",\"priceCents\":")
        .append(event.priceCents)
        .append(",\"title\":\"A fine thing from our ")
        .append(event.category)
        .append(" range, number ")
        .append(event.itemId)
        .append("\",\"description\":\"");
    while (json.length() < 1_000) {
      json.append("Made to last, and loved by our customers in the ")
          .append(event.category)
          .append(" department. ");
    }
    return json.append("\"}").toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PageView)) {
      return false;
    }
    PageView that = (PageView) o;
    return viewId == that.viewId
        && userId == that.userId
        && itemId == that.itemId
        && timestamp == that.timestamp
        && millisOnPage == that.millisOnPage
        && Objects.equals(url, that.url)
        && Objects.equals(referrer, that.referrer)
        && Objects.equals(userAgent, that.userAgent)
        && Objects.equals(productJson, that.productJson);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        viewId, userId, itemId, timestamp, millisOnPage, url, referrer, userAgent, productJson);
  }

  @Override
  public String toString() {
    return "page view " + viewId + " of item " + itemId + " by user " + userId;
  }
}
