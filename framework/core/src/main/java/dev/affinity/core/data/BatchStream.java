package dev.affinity.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.affinity.spi.data.Sample;
import java.awt.image.BufferedImage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batches of one pass over samples, prepared ahead on the pipeline's threads. Not thread-safe: one
 * consumer. Closing it cancels the work still queued; the caller closes each {@link Batch} it takes.
 *
 * <p>A batch all of whose images are skipped is left out; {@link #next()} throws {@link BadImageException}
 * under {@link OnBadImage#FAIL}.
 */
public final class BatchStream implements Iterator<Batch>, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BatchStream.class);

  private final ImagePipeline pipeline;
  private final List<Sample> samples;
  private final List<int[]> batches;
  private final boolean train;
  private final long seed;
  private final int epoch;
  private final int size;
  private final NDManager manager;
  private final int[][] occurrences;
  private final ArrayDeque<List<Future<float[]>>> pending = new ArrayDeque<>();
  private int submitted;
  private int taken;
  private Ready ready;
  private boolean closed;

  /** A batch's pixels, assembled but not yet copied to the device. */
  private record Ready(float[] pixels, int[] indices, int[] labels, int skipped) {}

  BatchStream(ImagePipeline pipeline, List<Sample> samples, List<int[]> batches, boolean train, long seed,
      int epoch, int size, NDManager manager) {
    this.pipeline = pipeline;
    this.samples = List.copyOf(samples);
    this.batches = List.copyOf(batches);
    this.train = train;
    this.seed = seed;
    this.epoch = epoch;
    this.size = size;
    this.manager = manager;
    this.occurrences = occurrences(this.batches, this.samples.size());
    int ahead = Math.min(this.batches.size(), pipeline.config().prefetch() + 1);
    while (submitted < ahead) {
      submitNext();
    }
  }

  /** For each batch slot, how often its sample index occurred earlier in the pass: duplicates augment differently. */
  private static int[][] occurrences(List<int[]> batches, int sampleCount) {
    Map<Integer, Integer> seen = new HashMap<>();
    int[][] result = new int[batches.size()][];
    for (int b = 0; b < batches.size(); b++) {
      int[] batch = batches.get(b);
      result[b] = new int[batch.length];
      for (int i = 0; i < batch.length; i++) {
        if (batch[i] < 0 || batch[i] >= sampleCount) {
          throw new IllegalArgumentException("batch " + b + " holds sample index " + batch[i] + ", outside [0, "
              + sampleCount + ")");
        }
        result[b][i] = seen.merge(batch[i], 1, Integer::sum) - 1;
      }
    }
    return result;
  }

  private void submitNext() {
    int b = submitted++;
    int[] batch = batches.get(b);
    List<Future<float[]>> futures = new ArrayList<>(batch.length);
    for (int i = 0; i < batch.length; i++) {
      int index = batch[i];
      long imageSeed = mix(seed, epoch, index, occurrences[b][i]);
      futures.add(pipeline.workers().submit(() -> prepare(index, imageSeed)));
    }
    pending.add(futures);
  }

  private float[] prepare(int index, long imageSeed) throws Exception {
    BufferedImage image = samples.get(index).image().read();
    return train
        ? pipeline.transforms().train(image, new Random(imageSeed))
        : pipeline.transforms().eval(image);
  }

  @Override
  public boolean hasNext() {
    while (ready == null && !closed && !pending.isEmpty()) {
      ready = assemble();
    }
    return ready != null;
  }

  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no batches left");
    }
    Ready batch = ready;
    ready = null;
    NDArray images = manager.create(batch.pixels(), new Shape(batch.indices().length, 3, size, size));
    try {
      NDArray labels = manager.create(batch.labels());
      return new Batch(images, labels, batch.indices(), batch.skipped());
    } catch (RuntimeException e) {
      images.close();
      throw e;
    }
  }

  /** Waits for the oldest batch in flight and queues the next one; null when all its images were skipped. */
  private Ready assemble() {
    List<Future<float[]>> futures = pending.poll();
    int b = taken++;
    if (submitted < batches.size()) {
      submitNext();
    }
    int[] batch = batches.get(b);
    int plane = 3 * size * size;
    float[][] images = new float[batch.length][];
    int kept = 0;
    for (int i = 0; i < batch.length; i++) {
      try {
        images[i] = futures.get(i).get();
        kept++;
      } catch (ExecutionException e) {
        String location = samples.get(batch[i]).image().location();
        if (pipeline.config().onBadImage() == OnBadImage.FAIL) {
          close();
          throw new BadImageException(location, e.getCause());
        }
        if (pipeline.recordSkipped(location)) {
          LOG.warn("skipping image {}: {}", location, BadImageException.describe(location, e.getCause()));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IllegalStateException("interrupted while waiting for images", e);
      } catch (CancellationException e) {
        throw new IllegalStateException("the image pipeline was closed", e);
      }
    }
    int skipped = batch.length - kept;
    if (kept == 0) {
      return null;
    }
    float[] pixels = new float[kept * plane];
    int[] indices = new int[kept];
    int[] labels = new int[kept];
    int row = 0;
    for (int i = 0; i < batch.length; i++) {
      if (images[i] != null) {
        System.arraycopy(images[i], 0, pixels, row * plane, plane);
        indices[row] = batch[i];
        labels[row] = samples.get(batch[i]).label();
        row++;
      }
    }
    return new Ready(pixels, indices, labels, skipped);
  }

  /** Cancels the work still queued. Batches already taken stay valid until closed. */
  @Override
  public void close() {
    closed = true;
    ready = null;
    for (List<Future<float[]>> futures : pending) {
      futures.forEach(f -> f.cancel(false));
    }
    pending.clear();
  }

  /** A 64-bit hash of the values (SplitMix64's finalizer after each), so nearby inputs give unrelated seeds. */
  static long mix(long... values) {
    long h = 0x2545F4914F6CDD1DL;
    for (long v : values) {
      h = (h ^ v) * 0x9E3779B97F4A7C15L;
      h ^= h >>> 30;
      h *= 0xBF58476D1CE4E5B9L;
      h ^= h >>> 27;
      h *= 0x94D049BB133111EBL;
      h ^= h >>> 31;
    }
    return h;
  }
}
