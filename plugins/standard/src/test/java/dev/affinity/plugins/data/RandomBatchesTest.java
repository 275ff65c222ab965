package dev.affinity.plugins.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RandomBatchesTest {

  private static final int[] LABELS = new int[10];

  @Test
  void coversEverySampleOnceInBatchesOfTheSize() {
    List<int[]> batches = new RandomBatches(new RandomBatches.Settings(4, false)).batches(LABELS, new Random(1));

    assertThat(batches).extracting(b -> b.length).containsExactly(4, 4, 2);
    int[] all = batches.stream().flatMapToInt(Arrays::stream).sorted().toArray();
    assertThat(all).isEqualTo(IntStream.range(0, 10).toArray());
    assertThat(batches.stream().flatMapToInt(Arrays::stream).toArray()).isNotEqualTo(all);
  }

  @Test
  void dropsTheShortLastBatchWhenAsked() {
    assertThat(new RandomBatches(new RandomBatches.Settings(4, true)).batches(LABELS, new Random(1)))
        .extracting(b -> b.length).containsExactly(4, 4);
  }

  @Test
  void theSameSeedGivesTheSameOrderAndAnotherSeedAnother() {
    RandomBatches sampler = new RandomBatches(new RandomBatches.Settings(10, false));
    assertThat(sampler.batches(LABELS, new Random(3)).get(0)).isEqualTo(sampler.batches(LABELS, new Random(3)).get(0));
    assertThat(sampler.batches(LABELS, new Random(3)).get(0)).isNotEqualTo(sampler.batches(LABELS, new Random(4)).get(0));
  }
}
