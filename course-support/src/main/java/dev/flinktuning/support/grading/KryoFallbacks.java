package dev.flinktuning.support.grading;

import dev.flinktuning.support.i18n.Texts;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.CompositeType;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.transformations.PartitionTransformation;
import org.apache.flink.streaming.api.transformations.TwoInputTransformation;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Finds the types a job hands to Kryo, Flink's fallback serializer: every {@link GenericTypeInfo}
 * among the types its operators emit and the keys its keyed operators use, however deeply nested in
 * a POJO, a record, a tuple, a list or a map.
 *
 * <pre>{@code
 * StreamExecutionEnvironment env = CLUSTER.environment(2);
 * ... build the job ...
 * List<KryoFallbacks.Fallback> fallbacks = KryoFallbacks.in(env);   // before running it
 * }</pre>
 *
 * <p>Call it after building the job and before running it: running a job clears the environment's
 * operators. The types are what Flink plans with; {@link #kryoSerializersIn} and {@link
 * #changedByARoundTrip} check the serializers Flink actually builds from them, with the job's
 * configuration. For each type it also collects what Flink's {@code TypeExtractor} logs about it
 * (at INFO, which the course's logging hides): Flink's own reasons, word for word.
 */
public final class KryoFallbacks {

  private static final Texts TEXTS = Texts.of(KryoFallbacks.class);

  /** At most this many of Flink's log lines per type in a description. */
  private static final int LINES_SHOWN = 8;

  /** Flink ends each of its reasons with a pointer to its documentation; the course drops it. */
  private static final String FLINK_DOC_HINT = " Please read the Flink documentation";

  /**
   * One type that Flink serializes with Kryo.
   *
   * @param type the class Kryo gets
   * @param where each place it occurs: "operator 'To orders' emits OrderEvent -> field orderId"
   * @param flinkSays what Flink's type extraction logged when it analysed the enclosing type
   */
  public record Fallback(Class<?> type, List<String> where, List<String> flinkSays) {}

  private KryoFallbacks() {}

  /** The job's Kryo fallbacks, one per class, in the order the job meets them. Empty if none. */
  public static List<Fallback> in(StreamExecutionEnvironment env) {
    Found found = new Found();
    Set<Transformation<?>> seen = new HashSet<>();
    for (Transformation<?> transformation : env.getTransformations()) {
      visit(transformation, seen, found);
    }
    List<Fallback> fallbacks = new ArrayList<>();
    found.places.forEach(
        (type, where) -> {
          List<String> says = new ArrayList<>();
          for (String line : whatFlinkSaysAbout(found.enclosingTypes.get(type))) {
            if (isAbout(line, type, found.fieldNames.get(type))) {
              says.add(line);
            }
          }
          fallbacks.add(new Fallback(type, List.copyOf(where), List.copyOf(says)));
        });
    return fallbacks;
  }

  /** Each fallback with where it occurs and Flink's reasons, for a failure message. */
  public static String describe(List<Fallback> fallbacks) {
    StringBuilder text = new StringBuilder();
    for (Fallback fallback : fallbacks) {
      String newline = System.lineSeparator();
      text.append(TEXTS.get("kryo.goesToKryo", fallback.type().getName())).append(newline);
      for (String place : fallback.where()) {
        text.append(TEXTS.get("kryo.where", place)).append(newline);
      }
      List<String> says = fallback.flinkSays();
      for (String line : says.subList(0, Math.min(LINES_SHOWN, says.size()))) {
        text.append(TEXTS.get("kryo.flinkSays", line)).append(newline);
      }
      if (says.size() > LINES_SHOWN) {
        text.append(TEXTS.get("kryo.moreLines", says.size() - LINES_SHOWN)).append(newline);
      }
    }
    return text.toString();
  }

  /**
   * A Kryo serializer among the serializers Flink builds for a job.
   *
   * @param type the class the Kryo serializer was built for
   * @param where where it sits: "operator 'To orders' emits OrderEvent: PojoSerializer -> field
   *     orderId: KryoSerializer"
   */
  public record KryoSerializerFound(Class<?> type, String where) {}

  /**
   * The serializers as built: creates the serializer of every type the job's operators emit and key
   * by, with the job's own serializer configuration, as its tasks will, and returns each Kryo
   * serializer among them, nested ones included (a field of a POJO, an element of a list, a
   * serializer that wraps another). This finds Kryo that the types alone do not show: a {@code
   * pipeline.force-kryo} in the configuration, or a {@code TypeInformation} whose serializer is
   * Kryo's. A type that Flink refuses to serialize ({@code pipeline.generic-types: false}) is left
   * to {@link #in}.
   *
   * <p>Call it after building the job and before running it, as {@link #in}.
   */
  public static List<KryoSerializerFound> kryoSerializersIn(StreamExecutionEnvironment env) {
    SerializerConfig config = env.getConfig().getSerializerConfig();
    List<KryoSerializerFound> found = new ArrayList<>();
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    forEachType(
        env,
        (place, type) -> {
          TypeSerializer<?> serializer;
          try {
            serializer = type.createSerializer(config);
          } catch (UnsupportedOperationException refused) {
            return; // generic types disabled: the job will not run, and in() says why
          }
          findKryo(serializer, place + ": ", found, seen, 0);
        });
    return found;
  }

  /**
   * Sends each of {@code samples} through the serializer Flink builds, with the job's serializer
   * configuration, for each type the job's operators emit that the sample is an instance of, and
   * compares what comes back with the original: with {@code equals}, and field by field. Returns
   * one line per record that came back different, such as a field marked {@code transient}, which
   * Flink's POJO serializer does not write. Empty if every sample came back whole.
   *
   * <p>Call it after building the job and before running it, as {@link #in}.
   */
  public static List<String> changedByARoundTrip(
      StreamExecutionEnvironment env, Collection<?> samples) {
    SerializerConfig config = env.getConfig().getSerializerConfig();
    List<String> changed = new ArrayList<>();
    Set<String> reported = new HashSet<>();
    forEachType(
        env,
        (place, type) -> {
          TypeSerializer<Object> serializer;
          try {
            @SuppressWarnings("unchecked")
            TypeSerializer<Object> built = (TypeSerializer<Object>) type.createSerializer(config);
            serializer = built;
          } catch (UnsupportedOperationException refused) {
            return;
          }
          for (Object sample : samples) {
            if (!type.getTypeClass().isInstance(sample)) {
              continue;
            }
            Object back = roundTrip(serializer, sample);
            String difference = difference(sample, back);
            if (difference != null && reported.add(place + difference)) {
              changed.add(
                  String.format(
                      "%s, through %s: %s%n      sent:     %s%n      received: %s",
                      place, serializer.getClass().getSimpleName(), difference, sample, back));
              return; // one record per place is enough to show it
            }
          }
        });
    return changed;
  }

  /** Calls {@code action} with each place and type: what each operator emits and is keyed by. */
  private static void forEachType(
      StreamExecutionEnvironment env,
      java.util.function.BiConsumer<String, TypeInformation<?>> action) {
    Set<Transformation<?>> seen = new HashSet<>();
    List<Transformation<?>> all = new ArrayList<>();
    for (Transformation<?> transformation : env.getTransformations()) {
      collectTransformations(transformation, seen, all);
    }
    for (Transformation<?> transformation : all) {
      if (transformation instanceof PartitionTransformation<?>) {
        continue; // it ships what its input emits, with the same serializer
      }
      String operator = "operator '" + transformation.getName() + "'";
      TypeInformation<?> output = transformation.getOutputType();
      if (output != null) {
        action.accept(operator + " emits " + output.getTypeClass().getSimpleName(), output);
      }
      for (TypeInformation<?> key : keyTypes(transformation)) {
        action.accept(operator + " is keyed by " + key.getTypeClass().getSimpleName(), key);
      }
    }
  }

  private static void collectTransformations(
      Transformation<?> transformation, Set<Transformation<?>> seen, List<Transformation<?>> all) {
    if (!seen.add(transformation)) {
      return;
    }
    for (Transformation<?> input : transformation.getInputs()) {
      collectTransformations(input, seen, all);
    }
    all.add(transformation);
  }

  /**
   * Walks a serializer and what it holds (the serializers of a POJO's fields, of a list's elements,
   * of a wrapped type), reporting each Kryo serializer and each Kryo object inside a hand-written
   * one.
   */
  private static void findKryo(
      Object serializer,
      String path,
      List<KryoSerializerFound> found,
      Set<Object> seen,
      int depth) {
    if (serializer == null || depth > 12 || !seen.add(serializer)) {
      return;
    }
    Class<?> type = serializer.getClass();
    String here = path + type.getSimpleName();
    if (serializer instanceof KryoSerializer<?>) {
      found.add(new KryoSerializerFound(kryoType(serializer), here));
      return;
    }
    if (type.getName().startsWith("com.esotericsoftware.kryo.")) {
      found.add(new KryoSerializerFound(type, here));
      return;
    }
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      if (c.getName().startsWith("java.")) {
        break;
      }
      for (Field field : c.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
          continue;
        }
        Object value;
        try {
          field.setAccessible(true);
          value = field.get(serializer);
        } catch (RuntimeException | IllegalAccessException unreadable) {
          continue;
        }
        String next = here + " -> " + field.getName() + ": ";
        if (value instanceof TypeSerializer<?>
            || value != null
                && value.getClass().getName().startsWith("com.esotericsoftware.kryo.")) {
          findKryo(value, next, found, seen, depth + 1);
        } else if (value != null && value.getClass().isArray()) {
          for (int i = 0; i < Array.getLength(value); i++) {
            Object element = Array.get(value, i);
            if (element instanceof TypeSerializer<?>) {
              findKryo(element, next.replace(": ", "[" + i + "]: "), found, seen, depth + 1);
            }
          }
        }
      }
    }
  }

  /** The class a Kryo serializer was built for (it does not say so in public). */
  private static Class<?> kryoType(Object kryoSerializer) {
    try {
      Field type = KryoSerializer.class.getDeclaredField("type");
      type.setAccessible(true);
      return (Class<?>) type.get(kryoSerializer);
    } catch (ReflectiveOperationException | RuntimeException unreadable) {
      return Object.class;
    }
  }

  private static Object roundTrip(TypeSerializer<Object> serializer, Object record) {
    try {
      DataOutputSerializer out = new DataOutputSerializer(256);
      serializer.serialize(record, out);
      return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "Could not send " + record + " through " + serializer.getClass().getName(), e);
    }
  }

  /**
   * Null if {@code back} equals {@code sent}, field by field too; else what differs. A class
   * without an {@code equals} of its own is compared field by field only.
   */
  private static String difference(Object sent, Object back) {
    if (hasOwnEquals(sent) && !Objects.equals(sent, back)) {
      String fields = fieldDifference(sent, back);
      return fields == null ? "it no longer equals the record sent" : fields;
    }
    return fieldDifference(sent, back);
  }

  private static boolean hasOwnEquals(Object record) {
    try {
      return record.getClass().getMethod("equals", Object.class).getDeclaringClass()
          != Object.class;
    } catch (NoSuchMethodException impossible) {
      return false;
    }
  }

  /** The first field, in the class and its superclasses, whose value differs; null if none. */
  private static String fieldDifference(Object sent, Object back) {
    if (sent == null || back == null || sent.getClass() != back.getClass()) {
      return sent == back ? null : "it came back as " + back;
    }
    for (Class<?> c = sent.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      if (c.getName().startsWith("java.")) {
        return null; // the JDK's own classes: equals() has spoken
      }
      for (Field field : c.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        try {
          field.setAccessible(true);
          Object a = field.get(sent);
          Object b = field.get(back);
          if (!Objects.deepEquals(a, b)) {
            return String.format("field %s was %s, came back as %s", field.getName(), a, b);
          }
        } catch (RuntimeException | IllegalAccessException unreadable) {
          // a field the check cannot read is left to equals()
        }
      }
    }
    return null;
  }

  /** What the walk over the job's types found: per Kryo class, where, in what, as which field. */
  private static final class Found {
    final Map<Class<?>, Set<String>> places = new LinkedHashMap<>();
    final Map<Class<?>, Class<?>> enclosingTypes = new LinkedHashMap<>();
    final Map<Class<?>, Set<String>> fieldNames = new LinkedHashMap<>();

    void add(Class<?> type, String place, Class<?> enclosing, String fieldName) {
      places.computeIfAbsent(type, c -> new LinkedHashSet<>()).add(place);
      enclosingTypes.putIfAbsent(type, enclosing);
      Set<String> fields = fieldNames.computeIfAbsent(type, c -> new LinkedHashSet<>());
      if (fieldName != null) {
        fields.add(fieldName);
      }
    }
  }

  private static void visit(
      Transformation<?> transformation, Set<Transformation<?>> seen, Found found) {
    if (!seen.add(transformation)) {
      return;
    }
    for (Transformation<?> input : transformation.getInputs()) {
      visit(input, seen, found);
    }
    String operator = "operator '" + transformation.getName() + "'";
    String emits = operator + " emits ";
    if (transformation instanceof PartitionTransformation<?> shuffle) {
      emits =
          String.format(
              "the %s shuffle after '%s' ships ",
              shuffle.getPartitioner(), shuffle.getInputs().get(0).getName());
    }
    collect(emits, transformation.getOutputType(), null, null, found, 0);
    for (TypeInformation<?> key : keyTypes(transformation)) {
      collect(operator + " is keyed by ", key, null, null, found, 0);
    }
  }

  /** A line of Flink's about the class itself, or about a field of that class's type. */
  private static boolean isAbout(String line, Class<?> type, Set<String> fieldNames) {
    if (line.contains(type.getName())) {
      return true;
    }
    return fieldNames.stream().anyMatch(field -> line.contains("#" + field + " "));
  }

  private static List<TypeInformation<?>> keyTypes(Transformation<?> transformation) {
    List<TypeInformation<?>> keys = new ArrayList<>();
    if (transformation instanceof OneInputTransformation<?, ?> oneInput
        && oneInput.getStateKeyType() != null) {
      keys.add(oneInput.getStateKeyType());
    }
    if (transformation instanceof TwoInputTransformation<?, ?, ?> twoInput
        && twoInput.getStateKeyType() != null) {
      keys.add(twoInput.getStateKeyType());
    }
    return keys;
  }

  private static void collect(
      String path,
      TypeInformation<?> type,
      Class<?> enclosing,
      String fieldName,
      Found found,
      int depth) {
    if (type == null || depth > 8) {
      return;
    }
    String here = path + type.getTypeClass().getSimpleName();
    Class<?> outermost = enclosing == null ? type.getTypeClass() : enclosing;
    if (type instanceof GenericTypeInfo) {
      found.add(type.getTypeClass(), here, outermost, fieldName);
      return;
    }
    if (type instanceof CompositeType<?> composite) {
      String[] names = composite.getFieldNames();
      for (int i = 0; i < composite.getArity(); i++) {
        collect(
            here + " -> field " + names[i] + ": ",
            composite.getTypeAt(i),
            outermost,
            names[i],
            found,
            depth + 1);
      }
    }
    // Lists, maps and arrays name their element types as generic parameters.
    type.getGenericParameters()
        .forEach(
            (name, parameter) ->
                collect(
                    here + " -> " + name + ": ",
                    parameter,
                    outermost,
                    fieldName,
                    found,
                    depth + 1));
  }

  /**
   * What Flink's type extraction logs at INFO while it analyses {@code type}: why a class is not a
   * POJO, which field falls back. Empty if logging is not log4j2, as in the course.
   */
  static List<String> whatFlinkSaysAbout(Class<?> type) {
    if (!(org.apache.logging.log4j.LogManager.getContext(false) instanceof LoggerContext context)) {
      return List.of();
    }
    String loggerName = TypeExtractor.class.getName();
    Configuration config = context.getConfiguration();
    LinesOfThisThread lines = new LinesOfThisThread();
    lines.start();
    LoggerConfig existing = config.getLoggers().get(loggerName);
    Level levelBefore = existing == null ? null : existing.getLevel();
    try {
      if (existing == null) {
        LoggerConfig capture = new LoggerConfig(loggerName, Level.INFO, false);
        capture.addAppender(lines, Level.INFO, null);
        config.addLogger(loggerName, capture);
      } else {
        existing.addAppender(lines, Level.INFO, null);
        existing.setLevel(Level.INFO);
      }
      context.updateLoggers();
      TypeExtractor.createTypeInfo(type);
    } finally {
      if (existing == null) {
        config.removeLogger(loggerName);
      } else {
        existing.removeAppender(lines.getName());
        existing.setLevel(levelBefore);
      }
      context.updateLoggers();
      lines.stop();
    }
    return Collections.unmodifiableList(new ArrayList<>(new LinkedHashSet<>(lines.lines)));
  }

  /** Keeps the messages logged by the thread that created it. */
  private static final class LinesOfThisThread extends AbstractAppender {

    private final long threadId = Thread.currentThread().getId();
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    LinesOfThisThread() {
      super("course-kryo-fallbacks", null, null, true, Property.EMPTY_ARRAY);
    }

    @Override
    public void append(LogEvent event) {
      if (event.getThreadId() != threadId) {
        return;
      }
      String message = event.getMessage().getFormattedMessage();
      int hint = message.indexOf(FLINK_DOC_HINT);
      lines.add((hint < 0 ? message : message.substring(0, hint)).strip());
    }
  }
}
