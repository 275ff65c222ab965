package dev.affinity.core.data;

import ai.djl.ndarray.NDManager;
import dev.affinity.spi.data.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * Turns samples into batches of normalized image tensors: decoding and augmentation run on a pool of
 * threads, several batches ahead of the consumer, so the trainer does not wait for pixels.
 *
 * <p>Deterministic: every random choice for an image is drawn from a generator seeded by (seed, epoch,
 * sample index, how often that index occurred earlier in the epoch), and batches come out in the order
 * given, so equal inputs give bit-identical tensors whatever the thread count.
 *
 * <pre>{@code
 * try (ImagePipeline pipeline = new ImagePipeline(config);
 *      BatchStream stream = pipeline.training(train, sampler.batches(labels, random), seed, epoch, manager)) {
 *   while (stream.hasNext()) {
 *     try (Batch batch = stream.next()) {
 *       // batch.images(): (B, 3, S, S), batch.labels(): (B)
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>One pipeline serves many streams, one after another or at once; {@link #close()} stops its threads.
 */
public final class ImagePipeline implements AutoCloseable {

  private final ImageConfig config;
  private final ImageTransforms transforms;
  private final ExecutorService workers;
  private final Set<String> skipped = ConcurrentHashMap.newKeySet();

  public ImagePipeline(ImageConfig config) {
    this.config = Objects.requireNonNull(config, "config is null");
    this.transforms = new ImageTransforms(config);
    // ImageIO otherwise buffers every stream it decodes through a temporary file
    ImageIO.setUseCache(false);
    AtomicInteger counter = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(config.effectiveThreads(), task -> {
      Thread thread = new Thread(task, "affinity-images-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  public ImageConfig config() {
    return config;
  }

  /**
   * The training batches of one epoch, augmented.
   *
   * @param samples the training samples, never null
   * @param batches indices into {@code samples}, one array per batch, in the order they are to be trained on
   * @param seed the run's seed
   * @param epoch the epoch, so each epoch augments differently
   * @param manager where the batches' arrays are created (and on its device)
   */
  public BatchStream training(List<Sample> samples, List<int[]> batches, long seed, int epoch, NDManager manager) {
    return new BatchStream(this, samples, batches, true, seed, epoch, config.trainSize(), manager);
  }

  /**
   * Every sample once, in order, in batches of {@code batchSize} (the last may be shorter), with the
   * evaluation transform: no randomness.
   */
  public BatchStream evaluation(List<Sample> samples, int batchSize, NDManager manager) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
    }
    List<int[]> batches = new ArrayList<>();
    for (int start = 0; start < samples.size(); start += batchSize) {
      int[] batch = new int[Math.min(batchSize, samples.size() - start)];
      for (int i = 0; i < batch.length; i++) {
        batch[i] = start + i;
      }
      batches.add(batch);
    }
    return new BatchStream(this, samples, batches, false, 0, 0, config.evalSize(), manager);
  }

  /** How many distinct images the streams of this pipeline have dropped as unreadable so far. */
  public int skippedImages() {
    return skipped.size();
  }

  /** The locations of those images, sorted. */
  public List<String> skippedLocations() {
    return skipped.stream().sorted().toList();
  }

  ImageTransforms transforms() {
    return transforms;
  }

  ExecutorService workers() {
    return workers;
  }

  /** Records a dropped image; true the first time this pipeline drops it. */
  boolean recordSkipped(String location) {
    return skipped.add(location);
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
