package dev.flinktuning.support.grading;

import dev.flinktuning.support.i18n.Texts;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.AggregatingState;
import org.apache.flink.api.common.state.AggregatingStateDescriptor;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReducingState;
import org.apache.flink.api.common.state.ReducingStateDescriptor;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.ListSerializer;
import org.apache.flink.api.common.typeutils.base.MapSerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedBackendSerializationProxy;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.metainfo.StateMetaInfoSnapshot;
import org.apache.flink.runtime.state.metainfo.StateMetaInfoSnapshot.CommonOptionsKeys;
import org.apache.flink.runtime.state.metainfo.StateMetaInfoSnapshot.CommonSerializerKeys;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.state.api.runtime.SavepointLoader;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * Counts the keys that one operator holds keyed state for in a savepoint, read with Flink's State
 * Processor API: exactly what the job would restore.
 *
 * <pre>{@code
 * String savepoint = run.savepointNow(tempDir);
 * SavepointKeys keys = SavepointKeys.read(CLUSTER.environment(1), savepoint, "visits", Types.LONG);
 * keys.distinctKeys();   // keys with any state in the operator
 * }</pre>
 *
 * <p>It needs no knowledge of the job's code: it takes the names, kinds and serializers of the
 * operator's states from the savepoint itself, so it counts whatever states a learner's solution
 * declares. It counts state outside windows (the state of a {@code KeyedProcessFunction} or a rich
 * function on a keyed stream); window contents and timers are not counted. A canonical savepoint
 * (see {@link JobRun#savepointNow}) is the same format for every state backend, so it is always
 * read with the heap backend.
 *
 * <p>Needs {@code flink-state-processor-api} on the test class path.
 */
public final class SavepointKeys {

  private static final Texts TEXTS = Texts.of(SavepointKeys.class);

  /** Keys of one state, by the state's name as the job declared it. */
  public record StateKeys(String name, String kind, long keys) {}

  private final long distinctKeys;
  private final List<StateKeys> states;
  private final List<String> notCounted;

  private SavepointKeys(long distinctKeys, List<StateKeys> states, List<String> notCounted) {
    this.distinctKeys = distinctKeys;
    this.states = states;
    this.notCounted = notCounted;
  }

  /**
   * Reads the savepoint at {@code savepointPath} and counts the keys of the operator with {@code
   * uid}. Runs a small batch job on {@code env}'s cluster, which needs a free slot.
   *
   * @param env a fresh environment; it is switched to batch mode
   * @param keyType the type of the operator's key, as the job's {@code keyBy} returns it
   * @throws IllegalArgumentException if the savepoint has no operator with that uid
   */
  public static <K> SavepointKeys read(
      StreamExecutionEnvironment env, String savepointPath, String uid, TypeInformation<K> keyType)
      throws Exception {
    List<StateMetaInfoSnapshot> metaInfos = keyedStateMetaInfos(savepointPath, uid);
    List<StateDescriptor<?, ?>> descriptors = new ArrayList<>();
    List<String> notCounted = new ArrayList<>();
    for (StateMetaInfoSnapshot info : metaInfos) {
      StateDescriptor<?, ?> descriptor = descriptorFor(info);
      if (descriptor == null) {
        notCounted.add(info.getName() + " (" + kindOf(info) + ")");
      } else {
        descriptors.add(descriptor);
      }
    }
    if (descriptors.isEmpty()) {
      return new SavepointKeys(0, List.of(), List.copyOf(notCounted));
    }

    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    SavepointReader savepoint = SavepointReader.read(env, savepointPath, new HashMapStateBackend());
    List<Tuple2<String, String>> present = new ArrayList<>();
    savepoint
        .readKeyedState(
            OperatorIdentifier.forUid(uid),
            new PresentStates<K>(descriptors),
            keyType,
            Types.TUPLE(Types.STRING, Types.STRING))
        .executeAndCollect()
        .forEachRemaining(present::add);

    Set<String> keys = new HashSet<>();
    Map<String, Long> perState = new LinkedHashMap<>();
    descriptors.forEach(d -> perState.put(d.getName(), 0L));
    for (Tuple2<String, String> stateAndKey : present) {
      keys.add(stateAndKey.f1);
      perState.merge(stateAndKey.f0, 1L, Long::sum);
    }
    List<StateKeys> states = new ArrayList<>();
    for (StateDescriptor<?, ?> d : descriptors) {
      states.add(new StateKeys(d.getName(), d.getType().name(), perState.get(d.getName())));
    }
    return new SavepointKeys(keys.size(), List.copyOf(states), List.copyOf(notCounted));
  }

  /** Keys that have a value in at least one of the operator's states. */
  public long distinctKeys() {
    return distinctKeys;
  }

  /** Keys per state. */
  public List<StateKeys> states() {
    return states;
  }

  /** One line per state, and what was not counted; for failure messages. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    for (StateKeys state : states) {
      text.append(
              TEXTS.get(
                  "savepointKeys.state",
                  state.name(),
                  state.kind(),
                  String.format("%,d", state.keys())))
          .append(System.lineSeparator());
    }
    for (String state : notCounted) {
      text.append(TEXTS.get("savepointKeys.notCounted", state)).append(System.lineSeparator());
    }
    return text.toString();
  }

  /** The meta information of the operator's keyed states, as the savepoint wrote it. */
  private static List<StateMetaInfoSnapshot> keyedStateMetaInfos(String savepointPath, String uid)
      throws IOException {
    CheckpointMetadata metadata = SavepointLoader.loadSavepointMetadata(savepointPath);
    OperatorState operator =
        metadata.getOperatorStates().stream()
            .filter(s -> s.getOperatorID().equals(OperatorIdentifier.forUid(uid).getOperatorId()))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "The savepoint "
                            + savepointPath
                            + " has no operator with uid '"
                            + uid
                            + "'. Keep .uid(\""
                            + uid
                            + "\") on the operator that keeps the state."));
    for (OperatorSubtaskState subtask : operator.getStates()) {
      for (KeyedStateHandle handle : subtask.getManagedKeyedState()) {
        if (handle instanceof KeyGroupsStateHandle keyGroups) {
          try (FSDataInputStream in = keyGroups.openInputStream()) {
            KeyedBackendSerializationProxy<?> proxy =
                new KeyedBackendSerializationProxy<>(
                    Thread.currentThread().getContextClassLoader());
            proxy.read(new DataInputViewStreamWrapper(in));
            List<StateMetaInfoSnapshot> keyValue = new ArrayList<>();
            for (StateMetaInfoSnapshot info : proxy.getStateMetaInfoSnapshots()) {
              if (info.getBackendStateType() == StateMetaInfoSnapshot.BackendStateType.KEY_VALUE) {
                keyValue.add(info);
              }
            }
            return keyValue;
          }
        }
      }
    }
    return List.of(); // no subtask had keyed state
  }

  private static String kindOf(StateMetaInfoSnapshot info) {
    return info.getOption(CommonOptionsKeys.KEYED_STATE_TYPE);
  }

  /**
   * A descriptor that restores the state as it was written, with its serializers from the
   * savepoint; null for state in a namespace other than the default one (windows).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static StateDescriptor<?, ?> descriptorFor(StateMetaInfoSnapshot info) {
    TypeSerializer<?> namespace =
        info.getTypeSerializerSnapshot(CommonSerializerKeys.NAMESPACE_SERIALIZER)
            .restoreSerializer();
    if (!(namespace instanceof VoidNamespaceSerializer)) {
      return null;
    }
    String name = info.getName();
    TypeSerializer value =
        info.getTypeSerializerSnapshot(CommonSerializerKeys.VALUE_SERIALIZER).restoreSerializer();
    switch (StateDescriptor.Type.valueOf(kindOf(info))) {
      case VALUE:
        return new ValueStateDescriptor<>(name, value);
      case LIST:
        return new ListStateDescriptor<>(name, ((ListSerializer) value).getElementSerializer());
      case MAP:
        MapSerializer map = (MapSerializer) value;
        return new MapStateDescriptor<>(name, map.getKeySerializer(), map.getValueSerializer());
      case REDUCING:
        return new ReducingStateDescriptor<>(name, (a, b) -> a, value);
      case AGGREGATING:
        return new AggregatingStateDescriptor<>(name, new NeverCalled(), value);
      default:
        return null;
    }
  }

  /** Emits (state name, key) for every state that holds a value for the key. */
  private static final class PresentStates<K>
      extends KeyedStateReaderFunction<K, Tuple2<String, String>> {

    private static final long serialVersionUID = 1L;

    private final List<StateDescriptor<?, ?>> descriptors;
    private transient List<State> states;

    PresentStates(List<StateDescriptor<?, ?>> descriptors) {
      this.descriptors = descriptors;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void open(OpenContext context) {
      states = new ArrayList<>();
      for (StateDescriptor<?, ?> descriptor : descriptors) {
        if (descriptor instanceof ValueStateDescriptor d) {
          states.add(getRuntimeContext().getState(d));
        } else if (descriptor instanceof ListStateDescriptor d) {
          states.add(getRuntimeContext().getListState(d));
        } else if (descriptor instanceof MapStateDescriptor d) {
          states.add(getRuntimeContext().getMapState(d));
        } else if (descriptor instanceof ReducingStateDescriptor d) {
          states.add(getRuntimeContext().getReducingState(d));
        } else {
          states.add(
              getRuntimeContext().getAggregatingState((AggregatingStateDescriptor) descriptor));
        }
      }
    }

    @Override
    public void readKey(K key, Context context, Collector<Tuple2<String, String>> out)
        throws Exception {
      for (int i = 0; i < states.size(); i++) {
        if (holdsValue(states.get(i))) {
          out.collect(Tuple2.of(descriptors.get(i).getName(), String.valueOf(key)));
        }
      }
    }

    private static boolean holdsValue(State state) throws Exception {
      if (state instanceof ValueState<?> value) {
        return value.value() != null;
      }
      if (state instanceof ListState<?> list) {
        Iterable<?> elements = list.get();
        return elements != null && elements.iterator().hasNext();
      }
      if (state instanceof MapState<?, ?> map) {
        return !map.isEmpty();
      }
      if (state instanceof ReducingState<?> reducing) {
        return reducing.get() != null;
      }
      return ((AggregatingState<?, ?>) state).get() != null;
    }
  }

  /** Aggregating state is only read here, never added to. */
  @SuppressWarnings("rawtypes")
  private static final class NeverCalled implements AggregateFunction, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object createAccumulator() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Object add(Object value, Object accumulator) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Object getResult(Object accumulator) {
      return accumulator;
    }

    @Override
    public Object merge(Object a, Object b) {
      throw new UnsupportedOperationException();
    }
  }
}
