package dev.flinktuning.casestudy;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Writes recommendations to Redis in batches: up to {@link #BATCH} {@code HSET}s go out in one
 * pipeline, one network round trip.
 *
 * <p>Flink calls {@link SinkWriter#flush} before each checkpoint and at the end of input, so
 * nothing a checkpoint covers is still only in the buffer when a TaskManager fails. (A sink that
 * flushed only when its buffer fills would lose it.) {@code HSET} of the same field with the same
 * value is idempotent, so what a restart replays after the last checkpoint is written again, not
 * twice.
 */
public class PipelinedRedisSink implements Sink<Recommendation> {

  private static final long serialVersionUID = 1L;

  /** Recommendations per round trip. */
  public static final int BATCH = 500;

  private final String host;
  private final int port;

  public PipelinedRedisSink(String host, int port) {
    this.host = host;
    this.port = port;
  }

  @Override
  public SinkWriter<Recommendation> createWriter(WriterInitContext context) {
    return new Writer(new Jedis(host, port));
  }

  private static final class Writer implements SinkWriter<Recommendation> {
    private final Jedis redis;
    private final List<Recommendation> buffer = new ArrayList<>(BATCH);

    Writer(Jedis redis) {
      this.redis = redis;
    }

    @Override
    public void write(Recommendation recommendation, Context context) {
      buffer.add(recommendation);
      if (buffer.size() >= BATCH) {
        send();
      }
    }

    @Override
    public void flush(boolean endOfInput) {
      send();
    }

    private void send() {
      if (buffer.isEmpty()) {
        return;
      }
      Pipeline pipeline = redis.pipelined();
      for (Recommendation r : buffer) {
        pipeline.hset(r.redisKey(), r.redisField(), r.redisValue());
      }
      pipeline.sync();
      buffer.clear();
    }

    @Override
    public void close() {
      redis.close();
    }
  }
}
