package dev.flinktuning.support.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ShopEventGenerator")
class ShopEventGeneratorTest {

  @Test
  @DisplayName("the same seed gives the same events, whatever order they are made in")
  void deterministicPerIndex() {
    ShopEventGenerator generator = ShopEventGenerator.withSeed(7);
    List<ShopEvent> inOrder = generator.generate(1_000);
    for (long i = 999; i >= 0; i -= 7) {
      assertThat(ShopEventGenerator.withSeed(7).map(i)).isEqualTo(inOrder.get((int) i));
    }
  }

  @Test
  @DisplayName("another seed gives other events")
  void seedMatters() {
    assertThat(ShopEventGenerator.withSeed(1).generate(100))
        .isNotEqualTo(ShopEventGenerator.withSeed(2).generate(100));
  }

  @Test
  @DisplayName("event time advances per event and is at most the set lateness out of order")
  void boundedOutOfOrderness() {
    ShopEventGenerator generator =
        ShopEventGenerator.withSeed(3).millisPerEvent(100).maxOutOfOrderness(2_000);
    List<ShopEvent> events = generator.generate(10_000);
    long maxSeen = generator.startMillis();
    for (ShopEvent event : events) {
      long expected = generator.startMillis() + event.eventId * 100;
      assertThat(event.timestamp).isBetween(expected - 2_000, expected);
      assertThat(event.timestamp).isGreaterThanOrEqualTo(maxSeen - 2_000);
      maxSeen = Math.max(maxSeen, event.timestamp);
    }
  }

  @Test
  @DisplayName("popularity follows a Zipf law: the top item gets the most events")
  void skewedPopularity() {
    List<ShopEvent> events =
        ShopEventGenerator.withSeed(4).items(500).zipfExponent(1.2).generate(50_000);
    Map<Long, Long> perItem =
        events.stream().collect(Collectors.groupingBy(e -> e.itemId, Collectors.counting()));
    long top = perItem.getOrDefault(0L, 0L);
    assertThat(perItem.values()).allMatch(count -> count <= top);
    assertThat(top / (double) events.size()).isBetween(0.15, 0.30);
  }

  @Test
  @DisplayName("an item always has the same category and price")
  void itemAttributesAreFixed() {
    Map<Long, List<ShopEvent>> byItem =
        ShopEventGenerator.withSeed(5).generate(5_000).stream()
            .collect(Collectors.groupingBy(e -> e.itemId));
    byItem.forEach(
        (item, events) -> {
          assertThat(events).extracting(e -> e.category).containsOnly(events.get(0).category);
          assertThat(events).extracting(e -> e.priceCents).containsOnly(events.get(0).priceCents);
        });
  }

  @Test
  @DisplayName("CSV lines read back into the same event")
  void csvRoundTrip() {
    List<ShopEvent> events = ShopEventGenerator.withSeed(6).generate(100);
    assertThat(events.stream().map(ShopEvent::toCsv).map(ShopEvent::fromCsv))
        .containsExactlyElementsOf(events);
  }

  @Test
  @DisplayName("a malformed line is rejected with a message that quotes it")
  void malformedCsv() {
    assertThatThrownBy(() -> ShopEvent.fromCsv("1,2,3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 7")
        .hasMessageContaining("1,2,3");
    assertThatThrownBy(() -> ShopEvent.fromCsv("1,2,3,books,BUY,5,6"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1,2,3,books,BUY,5,6");
  }

  @Test
  @DisplayName("event types come in a plausible mix")
  void typeMix() {
    Map<EventType, Long> types =
        ShopEventGenerator.withSeed(8).generate(20_000).stream()
            .collect(Collectors.groupingBy(e -> e.type, Collectors.counting()));
    assertThat(types.get(EventType.VIEW)).isGreaterThan(types.get(EventType.CART));
    assertThat(types.get(EventType.CART)).isGreaterThan(types.get(EventType.PURCHASE));
    assertThat(types.keySet()).containsExactlyInAnyOrder(EventType.values());
  }
}
