package dev.affinity.plugins.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClassBalancedBatchesTest {

  /** 12 classes of uneven sizes (2 to 24 images), labels interleaved so index order says nothing of class. */
  private static int[] labels() {
    int[] sizes = {2, 3, 5, 7, 9, 10, 11, 13, 17, 18, 20, 24};
    int total = Arrays.stream(sizes).sum();
    int[] labels = new int[total];
    int[] left = sizes.clone();
    int i = 0;
    while (i < total) {
      for (int c = 0; c < sizes.length; c++) {
        if (left[c]-- > 0) {
          labels[i++] = 100 + c;
        }
      }
    }
    return labels;
  }

  private static List<int[]> batches(int p, int k, long seed) {
    return new ClassBalancedBatches(new ClassBalancedBatches.Settings(p, k)).batches(labels(), new Random(seed));
  }

  @Test
  void everyBatchHoldsPDistinctClassesOfKImagesEach() {
    int[] labels = labels();
    for (int[] batch : batches(4, 3, 1)) {
      assertThat(batch).hasSize(12);
      Set<Integer> classes = new HashSet<>();
      for (int chunk = 0; chunk < 4; chunk++) {
        int label = labels[batch[3 * chunk]];
        for (int i = 1; i < 3; i++) {
          assertThat(labels[batch[3 * chunk + i]]).isEqualTo(label);
        }
        classes.add(label);
      }
      assertThat(classes).hasSize(4);
    }
  }

  @Test
  void anEpochContainsEveryImageAtLeastOnce() {
    int[] labels = labels();
    Set<Integer> seen = new HashSet<>();
    List<int[]> batches = batches(4, 3, 2);
    batches.forEach(b -> Arrays.stream(b).forEach(seen::add));
    assertThat(seen).hasSize(labels.length);
    // every class pads to a multiple of K: 1+1+2+3+3+4+4+5+6+6+7+8 = 50 chunks of 3, 12.5 batches of 4 chunks
    assertThat(batches).hasSize(13);
  }

  @Test
  void aClassWithFewerThanKImagesIsPaddedWithItsOwnImages() {
    int[] labels = labels();
    // class 100 has 2 images; with K = 5 its chunk repeats them: 3 of one, 2 of the other, or the reverse
    for (int[] batch : batches(3, 5, 3)) {
      for (int chunk = 0; chunk < 3; chunk++) {
        int[] members = Arrays.copyOfRange(batch, 5 * chunk, 5 * chunk + 5);
        if (labels[members[0]] == 100) {
          assertThat(Arrays.stream(members).distinct().count()).isEqualTo(2);
        }
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameBatchesAndAnotherSeedOthers() {
    assertThat(batches(4, 3, 7)).usingRecursiveComparison().isEqualTo(batches(4, 3, 7));
    assertThat(batches(4, 3, 7)).usingRecursiveComparison().isNotEqualTo(batches(4, 3, 8));
  }

  @Test
  void fewerClassesThanPIsAnError() {
    ClassBalancedBatches sampler = new ClassBalancedBatches(new ClassBalancedBatches.Settings(6, 9));
    assertThatThrownBy(() -> sampler.batches(new int[] {1, 1, 2, 2}, new Random(1)))
        .hasMessage("classes_per_batch is 6 but the training split has only 2 classes");
  }

  @Test
  void settingsNameTheKeyTheyReject() {
    assertThatThrownBy(() -> new ClassBalancedBatches.Settings(6, 0))
        .hasMessage("images_per_class must be at least 1, was 0");
  }
}
