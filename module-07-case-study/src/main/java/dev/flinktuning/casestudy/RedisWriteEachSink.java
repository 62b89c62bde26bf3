package dev.flinktuning.casestudy;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import redis.clients.jedis.Jedis;

/**
 * The starter's Redis sink: one {@code HSET} per recommendation, and a wait for Redis's reply
 * before the next one. Every record costs a network round trip.
 */
public class RedisWriteEachSink implements Sink<Recommendation> {

  private static final long serialVersionUID = 1L;

  private final String host;
  private final int port;

  public RedisWriteEachSink(String host, int port) {
    this.host = host;
    this.port = port;
  }

  @Override
  public SinkWriter<Recommendation> createWriter(WriterInitContext context) {
    Jedis redis = new Jedis(host, port);
    return new SinkWriter<>() {
      @Override
      public void write(Recommendation recommendation, Context context) {
        redis.hset(
            recommendation.redisKey(), recommendation.redisField(), recommendation.redisValue());
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {
        redis.close();
      }
    };
  }
}
