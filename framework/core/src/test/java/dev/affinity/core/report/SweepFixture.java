package dev.affinity.core.report;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes run and sweep directories by hand, in the format the trainer writes. */
final class SweepFixture {
  private SweepFixture() {}

  static void sweep(
      Path dir, String name, String baseline, List<String> variants, List<Integer> seeds) {
    write(
        dir.resolve("sweep.json"),
        "{\"name\":"
            + quote(name)
            + ",\"baseline\":"
            + quote(baseline)
            + ",\"variants\":["
            + variants.stream().map(SweepFixture::quote).collect(Collectors.joining(","))
            + "],\"seeds\":"
            + seeds
            + "}");
  }

  /** A run directory with run.json and, when finished, metrics.json; returns the directory. */
  static Path run(
      Path sweep,
      String variant,
      int seed,
      String status,
      String attention,
      String selection,
      Map<String, Double> metrics) {
    Path dir = sweep.resolve(variant).resolve("seed-" + seed);
    write(
        dir.resolve("run.json"),
        "{\"variant\":"
            + quote(variant)
            + ",\"seed\":"
            + seed
            + ",\"status\":"
            + quote(status)
            + ",\"attention\":"
            + quote(attention)
            + ",\"softmax\":"
            + quote(attention == null ? null : "plain")
            + ",\"selection\":"
            + quote(selection)
            + ",\"best_epoch\":2}");
    if (metrics != null) {
      write(
          dir.resolve("metrics.json"),
          metrics.entrySet().stream()
              .map(e -> quote(e.getKey()) + ":" + e.getValue())
              .collect(Collectors.joining(",", "{", "}")));
    }
    return dir;
  }

  /**
   * epochs.jsonl with the given losses and validation/test R@1 per epoch (null leaves the split
   * out).
   */
  static void epochs(Path run, double[] losses, double[] validationR1, double[] testR1) {
    StringBuilder lines = new StringBuilder();
    for (int e = 0; e < losses.length; e++) {
      lines
          .append("{\"epoch\":")
          .append(e + 1)
          .append(",\"loss\":")
          .append(losses[e])
          .append(",\"lr\":1.5e-4,\"images_per_second\":800.0,\"seconds\":12.5");
      if (validationR1 != null) {
        lines
            .append(",\"validation\":{\"recall_at_1\":")
            .append(validationR1[e])
            .append(",\"nmi\":0.5}");
      }
      if (testR1 != null) {
        lines.append(",\"test\":{\"recall_at_1\":").append(testR1[e]).append('}');
      }
      lines.append("}\n");
    }
    write(run.resolve("epochs.jsonl"), lines.toString());
  }

  /**
   * test-embeddings.npz as the trainer writes it: DJL's NPZ encoding of "embeddings" and "labels".
   */
  static void embeddings(Path run, float[][] vectors, int[] labels) {
    try (NDManager manager = NDManager.newBaseManager();
        OutputStream out = Files.newOutputStream(run.resolve("test-embeddings.npz"))) {
      NDArray embeddings = manager.create(vectors);
      embeddings.setName("embeddings");
      NDArray classes = manager.create(labels);
      classes.setName("labels");
      new NDList(embeddings, classes).encode(out, NDList.Encoding.NPZ);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Two well-separated clusters of {@code perClass} points each in {@code d} dimensions, labels 3
   * and 8.
   */
  static float[][] blobs(int perClass, int d, long seed, int[] labelsOut) {
    java.util.Random random = new java.util.Random(seed);
    float[][] points = new float[2 * perClass][d];
    for (int i = 0; i < points.length; i++) {
      boolean second = i >= perClass;
      labelsOut[i] = second ? 8 : 3;
      for (int k = 0; k < d; k++) {
        points[i][k] = (float) ((k == 0 ? (second ? 10 : -10) : 0) + random.nextGaussian());
      }
    }
    return points;
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String quote(String text) {
    return text == null ? "null" : "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
