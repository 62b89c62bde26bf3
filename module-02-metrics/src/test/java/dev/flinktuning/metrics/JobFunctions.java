package dev.flinktuning.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.Function;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.util.FunctionUtils;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.operators.SimpleUdfStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.SourceOperatorFactory;
import org.apache.flink.util.InstantiationUtil;

/**
 * The per-record functions of a linear job, taken from its {@link StreamGraph} as the job built
 * them, copied as Flink copies them to a task, opened, and driven one record at a time on the
 * calling thread: so {@code AllocationMeter} measures every function the job runs, wherever the
 * work was put.
 */
final class JobFunctions {

  private final List<Function> functions;

  private JobFunctions(List<Function> functions) {
    this.functions = functions;
  }

  /**
   * The map, filter and flatMap functions between the job's source and its sink (the node with no
   * way out), in order.
   */
  static JobFunctions of(StreamGraph graph) throws Exception {
    List<StreamNode> nodes = new ArrayList<>(graph.getStreamNodes());
    nodes.sort(Comparator.comparingInt(StreamNode::getId));
    List<Function> functions = new ArrayList<>();
    for (StreamNode node : nodes) {
      if (node.getOperatorFactory() instanceof SourceOperatorFactory
          || node.getOutEdges().isEmpty()) {
        continue;
      }
      if (!(node.getOperatorFactory() instanceof SimpleUdfStreamOperatorFactory<?> udf)) {
        throw new IllegalStateException(
            "The check drives the job's map, filter and flatMap functions one record at a time;"
                + " it cannot drive '"
                + node.getOperatorName()
                + "'. Keep the job's stages as map, filter or flatMap functions.");
      }
      Function function =
          InstantiationUtil.clone(udf.getUserFunction(), JobFunctions.class.getClassLoader());
      if (!(function instanceof MapFunction
          || function instanceof FilterFunction
          || function instanceof FlatMapFunction)) {
        throw new IllegalStateException(
            "The check drives map, filter and flatMap functions; '"
                + node.getOperatorName()
                + "' is a "
                + function.getClass().getName());
      }
      FunctionUtils.openFunction(function, DefaultOpenContext.INSTANCE);
      functions.add(function);
    }
    return new JobFunctions(functions);
  }

  /** Drives one record through every function; returns what comes out at the end. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  List<Object> apply(Object record) throws Exception {
    List<Object> records = new ArrayList<>(1);
    records.add(record);
    for (Function function : functions) {
      List<Object> next = new ArrayList<>(records.size());
      for (Object in : records) {
        if (function instanceof MapFunction map) {
          next.add(map.map(in));
        } else if (function instanceof FilterFunction filter) {
          if (filter.filter(in)) {
            next.add(in);
          }
        } else {
          ((FlatMapFunction) function).flatMap(in, new ListCollector<>(next));
        }
      }
      records = next;
    }
    return records;
  }
}
