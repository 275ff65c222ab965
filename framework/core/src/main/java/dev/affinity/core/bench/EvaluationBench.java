package dev.affinity.core.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.affinity.core.evaluation.Evaluator;
import dev.affinity.spi.metric.Metric;
import dev.affinity.spi.metric.RetrievalMetric;
import dev.affinity.spi.metric.RetrievalResult;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Wall time and peak memory of a full evaluation (every bundled metric) on random embeddings.
 *
 * <pre>
 * java -Xmx2g -cp ... dev.affinity.core.bench.EvaluationBench ROWS DIM CLASSES [NMI_RESTARTS NMI_ITERATIONS NMI_INIT]
 * </pre>
 *
 * <p>Embeddings are standard normal (L2-normalized by the evaluator), labels {@code i % CLASSES}. Prints
 * the seconds of the neighbour search and of each metric, the metrics' values, the peak Java heap (summed
 * over heap pools' peaks) and the process's peak resident set (VmHWM: heap, engine and native tensors).
 */
public final class EvaluationBench {

  private static final String[] METRICS = {
    "dev.affinity.plugins.metric.PrecisionAt1",
    "dev.affinity.plugins.metric.RecallAtK",
    "dev.affinity.plugins.metric.RPrecision",
    "dev.affinity.plugins.metric.MapAtR",
    "dev.affinity.plugins.metric.Nmi",
  };

  private EvaluationBench() {}

  public static void main(String[] args) throws Exception {
    int rows = Integer.parseInt(args[0]);
    int dim = Integer.parseInt(args[1]);
    int classes = Integer.parseInt(args[2]);
    Map<String, Long> millis = new LinkedHashMap<>();
    List<RetrievalMetric> metrics = new ArrayList<>();
    for (String name : METRICS) {
      RetrievalMetric metric = instantiate(name, args);
      metrics.add(new Timed(metric, millis));
    }
    float[] values = new float[rows * dim];
    Random random = new Random(1);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    int[] labels = new int[rows];
    for (int i = 0; i < rows; i++) {
      labels[i] = i % classes;
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.create(values, new Shape(rows, dim));
      values = null;
      long start = System.nanoTime();
      Map<String, Double> scores = Evaluator.builder().metrics(metrics).build().evaluate(x, labels);
      long total = (System.nanoTime() - start) / 1_000_000;
      long metricTotal = millis.values().stream().mapToLong(Long::longValue).sum();
      System.out.printf("rows %d, dim %d, classes %d%n", rows, dim, classes);
      System.out.printf("total %.1f s; neighbour search %.1f s%n", total / 1e3, (total - metricTotal) / 1e3);
      millis.forEach((name, ms) -> System.out.printf("  %s %.1f s%n", name, ms / 1e3));
      System.out.println("values " + scores);
      System.out.printf("peak heap %d MiB, peak RSS %d MiB, process CPU %.1f s%n", peakHeap() >> 20,
          peakRss() >> 20, ((com.sun.management.OperatingSystemMXBean)
              ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9);
    }
  }

  private static RetrievalMetric instantiate(String className, String[] args) throws Exception {
    Class<?> type = Class.forName(className);
    for (Constructor<?> constructor : type.getConstructors()) {
      if (constructor.getParameterCount() == 0) {
        return (RetrievalMetric) constructor.newInstance();
      }
      Class<?> settingsType = constructor.getParameterTypes()[0];
      Object settings;
      if (className.endsWith("Nmi") && args.length >= 6) {
        Class<?> init = Class.forName(className + "$Init");
        Object initValue = Enum.valueOf(init.asSubclass(Enum.class), args[5]);
        settings = settingsType.getConstructor(init, int.class, int.class, double.class, boolean.class)
            .newInstance(initValue, Integer.parseInt(args[3]), Integer.parseInt(args[4]), 1e-4, false);
      } else {
        settings = settingsType.getConstructor().newInstance();
      }
      return (RetrievalMetric) constructor.newInstance(settings);
    }
    throw new IllegalStateException(className + " has no usable constructor");
  }

  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  private static long peakRss() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) << 10;
      }
    }
    return -1;
  }

  /** Times a metric's compute. */
  private record Timed(RetrievalMetric metric, Map<String, Long> millis) implements RetrievalMetric {
    @Override
    public int neighboursNeeded(int maxRelevant) {
      return metric.neighboursNeeded(maxRelevant);
    }

    @Override
    public Map<String, Double> compute(RetrievalResult result) {
      long start = System.nanoTime();
      Map<String, Double> values = metric.compute(result);
      millis.put(metric.getClass().getAnnotation(Metric.class).name(), (System.nanoTime() - start) / 1_000_000);
      return values;
    }
  }
}
