package dev.flinktuning.checkpoints;

import dev.flinktuning.support.config.FlinkConfigFile;
import dev.flinktuning.support.launcher.StarterLauncher;
import dev.flinktuning.support.services.LocalKafka;
import java.nio.file.Files;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Exercise 4: spend per account, upgraded while orders keep coming.
 *
 * <p>It reads orders ({@code orderId,account,cents}) from the topic {@value #ORDERS} and keeps, per
 * account, the number of orders and the cents spent so far, in keyed state. For every order it
 * writes {@code orderId,account,orders,cents} to {@value #ACCOUNT_SPEND}. Version 2 of the job adds
 * one stage: it drops lines that are not three numbers.
 *
 * <p>To go from version 1 to version 2, {@link Upgrade} stops the running job and starts the new
 * one. The starter cancels version 1 and starts version 2 from nothing: it reads every order again,
 * so the first orders are written twice.
 *
 * <p><b>Your task:</b> make the upgrade lose nothing and repeat nothing: change {@link Upgrade},
 * and make this job's state findable by version 2 (in {@link #build}). See the chapter README,
 * "Exercise 4".
 */
public final class AccountSpendJob {

  /** The input topic: one order per record, {@code orderId,account,cents}. */
  public static final String ORDERS = OrderTopic.NAME;

  /** The output topic: {@code orderId,account,orders,cents} for every order. */
  public static final String ACCOUNT_SPEND = "account-spend";

  private AccountSpendJob() {}

  /** The job's configuration, from {@code src/main/resources/account-spend.yaml}. */
  public static Configuration configuration() {
    return FlinkConfigFile.fromResource(AccountSpendJob.class, "account-spend.yaml");
  }

  /**
   * The pipeline of {@code version} 1 or 2, reading {@value #ORDERS} from the start and writing to
   * {@value #ACCOUNT_SPEND}. It runs until it is stopped, as a streaming job does.
   */
  public static DataStream<String> build(
      StreamExecutionEnvironment env, String bootstrapServers, int version) {
    KafkaSource<String> source =
        KafkaSource.<String>builder()
            .setBootstrapServers(bootstrapServers)
            .setTopics(ORDERS)
            .setGroupId("account-spend-job")
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setValueOnlyDeserializer(new SimpleStringSchema())
            .build();
    DataStream<String> orders = env.fromSource(source, WatermarkStrategy.noWatermarks(), "Orders");
    if (version >= 2) {
      orders = orders.filter(AccountSpendJob::wellFormed).name("Well-formed orders only");
    }
    DataStream<String> spend =
        orders.keyBy(OrderTopic::accountOf).process(new AddToSpend()).name("Spend per account");
    spend.sinkTo(sink(bootstrapServers)).name("Spend to Kafka");
    return spend;
  }

  /** Adds each order to its account's running count and sum. */
  static final class AddToSpend extends KeyedProcessFunction<Long, String, String> {

    private transient ValueState<Long> orders;
    private transient ValueState<Long> cents;

    @Override
    public void open(OpenContext context) {
      orders = getRuntimeContext().getState(new ValueStateDescriptor<>("orders", Types.LONG));
      cents = getRuntimeContext().getState(new ValueStateDescriptor<>("cents", Types.LONG));
    }

    @Override
    public void processElement(String order, Context ctx, Collector<String> out) throws Exception {
      Long ordersSoFar = orders.value();
      Long centsSoFar = cents.value();
      long count = (ordersSoFar == null ? 0 : ordersSoFar) + 1;
      long sum = (centsSoFar == null ? 0 : centsSoFar) + OrderTopic.centsOf(order);
      orders.update(count);
      cents.update(sum);
      out.collect(OrderTopic.idOf(order) + "," + ctx.getCurrentKey() + "," + count + "," + sum);
    }
  }

  /** The sink to {@value #ACCOUNT_SPEND}. */
  static KafkaSink<String> sink(String bootstrapServers) {
    return KafkaSink.<String>builder()
        .setBootstrapServers(bootstrapServers)
        .setRecordSerializer(
            KafkaRecordSerializationSchema.builder()
                .setTopic(ACCOUNT_SPEND)
                .setValueSerializationSchema(new SimpleStringSchema())
                .build())
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }

  /**
   * The partition of {@value #ORDERS} for order {@code id}: that of its account, so each account's
   * orders are in one partition, in order.
   */
  public static int partitionOf(long id, int partitions) {
    return (int) (OrderTopic.accountOf(OrderTopic.line(id)) % partitions);
  }

  static boolean wellFormed(String order) {
    return order.matches("\\d+,\\d+,\\d+");
  }

  /**
   * Runs version 1 on a local cluster with the Web UI, on the course's own Kafka broker (or yours:
   * {@code -Dcourse.kafka=host:port}), over the first half of 200,000 orders; upgrades it with
   * {@link Upgrade} while the second half arrives; runs version 2 until every order is written,
   * then counts the orders written twice. Watch the job's "Checkpoints" tab: savepoints show there.
   */
  public static void main(String[] args) throws Exception {
    int total = 200_000;
    int partitions = 2;
    try (LocalKafka kafka = LocalKafka.fromSystemProperty()) {
      String bootstrap = kafka.bootstrapServers();
      kafka.recreateTopic(ORDERS, partitions);
      kafka.recreateTopic(ACCOUNT_SPEND, partitions);
      OrderTopic.produce(bootstrap, 0, total / 2, id -> partitionOf(id, partitions));

      StreamExecutionEnvironment first = StarterLauncher.environment(partitions, configuration());
      build(first, bootstrap, 1);
      JobClient version1 = first.executeAsync("Account spend, version 1");
      System.out.printf(
          "%nVersion 1 is running: %s/#/job/running/%s/overview%n",
          StarterLauncher.webUiAddress(), version1.getJobID());
      Thread.sleep(20_000);
      String resumeFrom = Upgrade.stop(version1, Files.createTempDirectory("account-spend"));
      System.out.printf(
          "Version 1 stopped. Version 2 starts from: %s%n",
          resumeFrom == null ? "nothing" : resumeFrom);

      OrderTopic.produce(bootstrap, total / 2, total, id -> partitionOf(id, partitions));
      Configuration secondConfig = Upgrade.resume(configuration(), resumeFrom);
      StreamExecutionEnvironment second = StarterLauncher.nextEnvironment(partitions, secondConfig);
      build(second, bootstrap, 2);
      JobClient version2 = second.executeAsync("Account spend, version 2");
      System.out.printf(
          "Version 2 is running: %s/#/job/running/%s/overview%n",
          StarterLauncher.webUiAddress(), version2.getJobID());
      List<String> written = kafka.readCommitted(ACCOUNT_SPEND);
      for (int seconds = 0;
          OrderTopic.distinctOrders(written) < total && seconds < 120;
          seconds++) {
        Thread.sleep(1_000);
        written = kafka.readCommitted(ACCOUNT_SPEND);
      }
      version2.cancel().get();
      System.out.printf(
          "%nOf %,d orders, %,d are in %s; %,d lines are repeats of an order already written.%n",
          total,
          OrderTopic.distinctOrders(written),
          ACCOUNT_SPEND,
          written.size() - OrderTopic.distinctOrders(written));
    }
  }
}
