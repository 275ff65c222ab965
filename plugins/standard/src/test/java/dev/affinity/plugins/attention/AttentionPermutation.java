package dev.affinity.plugins.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.affinity.spi.attention.AttentionBlock;

/** Permuting the nodes of the complete graph permutes messages (rows) and weights (rows and columns). */
final class AttentionPermutation {

  private AttentionPermutation() {}

  static void assertEquivariant(NDManager manager, AttentionBlock block, int dim) {
    int n = 5;
    NDArray x = manager.randomNormal(new Shape(n, dim));
    NDArray perm = manager.create(new long[] {3, 0, 4, 1, 2});
    NDList plain = AttentionFixture.forward(manager, block, x, null);
    NDList permuted = AttentionFixture.forward(manager, block, x.get(new NDIndex("{}", perm)), null);

    NDArray expectedMessages = plain.get(0).get(new NDIndex("{}", perm));
    NDArray expectedWeights = plain.get(1).get(new NDIndex(":, {}", perm)).get(new NDIndex(":, :, {}", perm));
    assertThat(permuted.get(0).toFloatArray())
        .containsExactly(expectedMessages.toFloatArray(), within(1e-5f));
    assertThat(permuted.get(1).toFloatArray())
        .containsExactly(expectedWeights.toFloatArray(), within(1e-6f));
  }
}
