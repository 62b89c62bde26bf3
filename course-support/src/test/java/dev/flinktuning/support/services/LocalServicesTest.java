package dev.flinktuning.support.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinktuning.support.data.ItemCatalog;
import dev.flinktuning.support.data.ItemProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;

class LocalServicesTest {

  @Test
  void kafkaBrokerTakesAndGivesBackRecords() throws Exception {
    try (LocalKafka kafka = LocalKafka.start()) {
      assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
      kafka.recreateTopic("t", 2);
      try (KafkaProducer<String, String> producer = producer(kafka)) {
        for (int i = 0; i < 10; i++) {
          producer.send(new ProducerRecord<>("t", "k" + i, "v" + i)).get();
        }
      }
      kafka.recreateTopic("t", 2);
      try (KafkaProducer<String, String> producer = producer(kafka)) {
        producer.send(new ProducerRecord<>("t", "only", "one")).get();
      }
      try (KafkaConsumer<String, String> consumer =
          new KafkaConsumer<>(
              Map.of(
                  "bootstrap.servers",
                  kafka.bootstrapServers(),
                  "group.id",
                  "g",
                  "auto.offset.reset",
                  "earliest"),
              new StringDeserializer(),
              new StringDeserializer())) {
        consumer.subscribe(List.of("t"));
        int seen = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (seen < 1 && System.nanoTime() < deadline) {
          ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
          seen += records.count();
        }
        assertThat(seen).as("records in the re-created topic").isEqualTo(1);
      }
    }
  }

  private static KafkaProducer<String, String> producer(LocalKafka kafka) {
    return new KafkaProducer<>(
        Map.of("bootstrap.servers", kafka.bootstrapServers()),
        new StringSerializer(),
        new StringSerializer());
  }

  @Test
  void externalKafkaThatIsNotThereSaysSo() {
    int port = LoopbackPorts.free();
    assertThatThrownBy(() -> LocalKafka.external("127.0.0.1:" + port))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No Kafka broker answers at 127.0.0.1:" + port);
  }

  @Test
  void redisCountsOneRoundTripPerBatchWhenPipelined() {
    try (LocalRedis redis = LocalRedis.start();
        RedisClient client = redis.client()) {
      assertThat(redis.version()).startsWith("6.");
      client.set("warm", "up");
      redis.reset();
      for (int i = 0; i < 200; i++) {
        client.set("one-by-one:" + i, "v");
      }
      RedisStats oneByOne = redis.stats();
      redis.reset();
      try (Pipeline pipeline = client.pipelined()) {
        for (int i = 0; i < 200; i++) {
          pipeline.set("pipelined:" + i, "v");
        }
        pipeline.sync();
      }
      RedisStats pipelined = redis.stats();

      assertThat(oneByOne.commands()).isGreaterThanOrEqualTo(200);
      assertThat(oneByOne.roundTrips()).isGreaterThanOrEqualTo(200);
      assertThat(pipelined.commands()).isGreaterThanOrEqualTo(200);
      assertThat(pipelined.roundTrips()).isLessThan(20);
    }
  }

  @Test
  void externalRedisAddressMustBeHostAndPort() {
    assertThatThrownBy(() -> LocalRedis.external("http://localhost:6379"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HOST:PORT, such as 127.0.0.1:6379");
    assertThatThrownBy(() -> LocalRedis.external("localhost"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HOST:PORT");
  }

  @Test
  void redisAddressReadsBothForms() {
    assertThat(RedisAddress.parse("127.0.0.1:6379")).isEqualTo(new RedisAddress("127.0.0.1", 6379));
    assertThat(RedisAddress.parse("redis://redis:6380/"))
        .isEqualTo(new RedisAddress("redis", 6380));
    assertThatThrownBy(() -> RedisAddress.parse("redis:port"))
        .hasMessageContaining("the port is not a number");
  }

  @Test
  void catalogAnswersWithItemsAndCountsCalls() {
    List<ItemProfile> items = ItemCatalog.generate(7, 50);
    try (CatalogService catalog = CatalogService.start(items, Duration.ofMillis(1))) {
      CatalogClient client = new CatalogClient(catalog.url());
      assertThat(client.allItems()).isEqualTo(items);
      assertThat(client.item(42)).isEqualTo(items.get(42));
      assertThatThrownBy(() -> client.item(50)).hasMessageContaining("404");
      assertThat(catalog.calls()).isEqualTo(3);
    }
  }

  @Test
  void catalogIsTheSameForTheSameSeed() {
    assertThat(ItemCatalog.generate(3, 20)).isEqualTo(ItemCatalog.generate(3, 20));
    ItemProfile item = ItemCatalog.generate(3, 20).get(13);
    assertThat(ItemProfile.fromLine(item.toLine())).isEqualTo(item);
  }
}
