package dev.affinity.plugins.data;

import dev.affinity.spi.data.BatchSampler;
import dev.affinity.spi.data.Sampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Plain shuffled batches: every training sample exactly once per epoch, in a random order, cut into batches
 * of {@code batch_size}; the last batch is shorter unless {@code drop_last} drops it.
 */
@Sampler(name = "random", description = "shuffled batches of batch_size, every image once per epoch")
public final class RandomBatches implements BatchSampler {

  /**
   * @param batchSize samples per batch, at least 1
   * @param dropLast whether a last batch shorter than {@code batchSize} is dropped
   */
  public record Settings(int batchSize, boolean dropLast) {
    public Settings {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch_size must be at least 1, was " + batchSize);
      }
    }

    public Settings() {
      this(54, false);
    }
  }

  private final Settings settings;

  public RandomBatches(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings is null");
  }

  @Override
  public List<int[]> batches(int[] labels, Random random) {
    int[] order = ClassBalancedBatches.shuffled(identity(labels.length), random);
    List<int[]> batches = new ArrayList<>();
    int size = settings.batchSize();
    for (int start = 0; start < order.length; start += size) {
      int end = Math.min(order.length, start + size);
      if (end - start < size && settings.dropLast()) {
        break;
      }
      batches.add(Arrays.copyOfRange(order, start, end));
    }
    return batches;
  }

  private static int[] identity(int n) {
    int[] indices = new int[n];
    Arrays.setAll(indices, i -> i);
    return indices;
  }
}
