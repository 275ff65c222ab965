package dev.affinity.plugins.data;

import dev.affinity.spi.data.BatchSampler;
import dev.affinity.spi.data.Sampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;

/**
 * The paper's class-balanced sampler: every batch holds {@code classes_per_batch} (P) distinct classes with
 * {@code images_per_class} (K) images each, P x K indices in all, each class's K indices adjacent.
 *
 * <p>Per epoch, each class's images are shuffled and cut into chunks of K; a class whose image count is not
 * a multiple of K (in particular one with fewer than K images) pads its last chunk with duplicates of its
 * own images. Batches then draw P distinct classes, each with probability proportional to its remaining
 * chunks, so classes with many images spread over the epoch; a class with as many chunks left as there
 * are batches left is always drawn, so an epoch has ceil(chunks / P) batches unless one class alone holds
 * more. When fewer than P classes have chunks left, the last batch is completed with chunks of other
 * classes drawn afresh. So one epoch contains every training image at least once; the only randomness is
 * the {@link Random} given.
 *
 * <p>Paper defaults: CUB 6 x 9, Cars 10 x 7, SOP 15 x 6, In-Shop 14 x 4.
 */
@Sampler(name = "class-balanced", description = "batches of P classes x K images, every image once per epoch")
public final class ClassBalancedBatches implements BatchSampler {

  /**
   * @param classesPerBatch P, at least 1
   * @param imagesPerClass K, at least 1
   */
  public record Settings(int classesPerBatch, int imagesPerClass) {
    public Settings {
      if (classesPerBatch < 1) {
        throw new IllegalArgumentException("classes_per_batch must be at least 1, was " + classesPerBatch);
      }
      if (imagesPerClass < 1) {
        throw new IllegalArgumentException("images_per_class must be at least 1, was " + imagesPerClass);
      }
    }

    public Settings() {
      this(6, 9);
    }
  }

  private final Settings settings;

  public ClassBalancedBatches(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings is null");
  }

  /**
   * @throws IllegalArgumentException when there are fewer than P training classes
   */
  @Override
  public List<int[]> batches(int[] labels, Random random) {
    int p = settings.classesPerBatch();
    int k = settings.imagesPerClass();
    int[][] members = byClass(labels);
    if (members.length < p) {
      throw new IllegalArgumentException("classes_per_batch is " + p + " but the training split has only "
          + members.length + " classes");
    }
    // chunks[c]: class c's shuffled, padded images cut into chunks of K, consumed from the end
    List<List<int[]>> chunks = new ArrayList<>();
    Fenwick remaining = new Fenwick(members.length);
    for (int c = 0; c < members.length; c++) {
      int[] order = padded(shuffled(members[c], random), k);
      List<int[]> own = new ArrayList<>();
      for (int start = 0; start < order.length; start += k) {
        own.add(Arrays.copyOfRange(order, start, start + k));
      }
      chunks.add(own);
      remaining.add(c, own.size());
    }
    List<int[]> batches = new ArrayList<>();
    int[] chosen = new int[p];
    while (remaining.total() > 0) {
      int drawn = 0;
      // a class with a chunk for every batch still to come must be in this one, or the epoch runs longer
      int batchesLeft = (remaining.total() + p - 1) / p;
      for (int c = 0; c < members.length && drawn < p; c++) {
        if (chunks.get(c).size() >= batchesLeft) {
          chosen[drawn++] = c;
          remaining.add(c, -chunks.get(c).size());
        }
      }
      // the others: distinct classes weighted by their remaining chunks; a chosen class leaves the draw
      while (drawn < p && remaining.total() > 0) {
        int c = remaining.find(random.nextInt(remaining.total()));
        chosen[drawn++] = c;
        remaining.add(c, -chunks.get(c).size());
      }
      int[] batch = new int[p * k];
      for (int i = 0; i < drawn; i++) {
        List<int[]> own = chunks.get(chosen[i]);
        System.arraycopy(own.remove(own.size() - 1), 0, batch, i * k, k);
      }
      // too few classes left: complete the batch with fresh chunks of classes not in it yet
      for (int i = drawn; i < p; i++) {
        int c;
        do {
          c = random.nextInt(members.length);
        } while (contains(chosen, i, c));
        chosen[i] = c;
        System.arraycopy(padded(shuffled(members[c], random), k), 0, batch, i * k, k);
      }
      for (int i = 0; i < drawn; i++) {
        remaining.add(chosen[i], chunks.get(chosen[i]).size());
      }
      batches.add(batch);
    }
    return batches;
  }

  /** The indices of each class, classes in ascending label order. */
  private static int[][] byClass(int[] labels) {
    TreeMap<Integer, List<Integer>> groups = new TreeMap<>();
    for (int i = 0; i < labels.length; i++) {
      groups.computeIfAbsent(labels[i], l -> new ArrayList<>()).add(i);
    }
    return groups.values().stream().map(g -> g.stream().mapToInt(Integer::intValue).toArray())
        .toArray(int[][]::new);
  }

  /** A shuffled copy (Fisher-Yates). */
  static int[] shuffled(int[] values, Random random) {
    int[] copy = values.clone();
    for (int i = copy.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = copy[i];
      copy[i] = copy[j];
      copy[j] = t;
    }
    return copy;
  }

  /** {@code order} extended cyclically to the next multiple of k, so duplicates are spread evenly. */
  private static int[] padded(int[] order, int k) {
    int length = (order.length + k - 1) / k * k;
    int[] result = new int[length];
    for (int i = 0; i < length; i++) {
      result[i] = order[i % order.length];
    }
    return result;
  }

  private static boolean contains(int[] values, int count, int value) {
    for (int i = 0; i < count; i++) {
      if (values[i] == value) {
        return true;
      }
    }
    return false;
  }

  /** Non-negative weights with prefix sums in O(log n): the weighted draw stays fast for SOP's 11k classes. */
  private static final class Fenwick {
    private final int[] tree;
    private int total;

    Fenwick(int n) {
      tree = new int[n + 1];
    }

    void add(int index, int delta) {
      total += delta;
      for (int i = index + 1; i < tree.length; i += i & -i) {
        tree[i] += delta;
      }
    }

    int total() {
      return total;
    }

    /** The index whose cumulative weight range holds {@code target}, 0 <= target < total. */
    int find(int target) {
      int position = 0;
      for (int step = Integer.highestOneBit(tree.length); step > 0; step >>= 1) {
        int next = position + step;
        if (next < tree.length && tree[next] <= target) {
          position = next;
          target -= tree[next];
        }
      }
      return position;
    }
  }
}
