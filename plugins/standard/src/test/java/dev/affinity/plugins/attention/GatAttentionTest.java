package dev.affinity.plugins.attention;

import static dev.affinity.plugins.attention.AttentionFixture.X;
import static dev.affinity.plugins.attention.AttentionFixture.floats;
import static dev.affinity.plugins.attention.AttentionFixture.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.affinity.plugins.attention.GatAttention.Settings;
import dev.affinity.spi.attention.AttentionBlock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatAttentionTest {

  private NDManager manager;

  @BeforeEach
  void open() {
    Engine.getInstance().setRandomSeed(7);
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void forwardMatchesTheHandComputedExample() {
    AttentionBlock block = AttentionFixture.block(manager, new GatAttention(new Settings()), 4, 2, DataType.FLOAT32);
    // W = I, so z = x split into heads: head 0 [1,0],[0,1],[1,1]; head 1 [0,1],[1,0],[0,0].
    // a_target: head 0 [1, 0], head 1 [0, 0]; a_source: head 0 [0, 1], head 1 [-1, 0].
    AttentionFixture.set(block, Map.of(
        "weight", identity(4, 1),
        "attention_target", new float[] {1, 0, 0, 0},
        "attention_source", new float[] {0, 1, -1, 0}));
    NDList out = AttentionFixture.forward(manager, block, manager.create(X, new Shape(3, 4)), null);

    double e = Math.E;
    double c = Math.exp(-0.2);
    // head 0: e_ij = LReLU(z_i[0] + z_j[1]): rows 0 and 2 [1, 2, 2], row 1 [0, 1, 1]
    // head 1: e_ij = LReLU(-z_j[0]) = [0, -0.2, 0] for every row
    double[] weights = {
      e / (e + 2 * e * e), e * e / (e + 2 * e * e), e * e / (e + 2 * e * e),
      1 / (1 + 2 * e), e / (1 + 2 * e), e / (1 + 2 * e),
      e / (e + 2 * e * e), e * e / (e + 2 * e * e), e * e / (e + 2 * e * e),
      1 / (2 + c), c / (2 + c), 1 / (2 + c),
      1 / (2 + c), c / (2 + c), 1 / (2 + c),
      1 / (2 + c), c / (2 + c), 1 / (2 + c)
    };
    // messages sum_j alpha_ij z_j, heads side by side
    double[] messages = {
      (e + e * e) / (e + 2 * e * e), 2 * e * e / (e + 2 * e * e), c / (2 + c), 1 / (2 + c),
      (1 + e) / (1 + 2 * e), 2 * e / (1 + 2 * e), c / (2 + c), 1 / (2 + c),
      (e + e * e) / (e + 2 * e * e), 2 * e * e / (e + 2 * e * e), c / (2 + c), 1 / (2 + c)
    };
    assertThat(out.get(1).toFloatArray()).containsExactly(floats(weights), within(1e-6f));
    assertThat(out.get(0).toFloatArray()).containsExactly(floats(messages), within(1e-6f));
  }

  @Test
  void meanOfHeadsKeepsTheWidthWithFullWidthHeads() {
    AttentionBlock block = AttentionFixture.block(
        manager, new GatAttention(new Settings(HeadsMerge.MEAN)), 4, 2, DataType.FLOAT32);
    // W (H d, d) = (8, 4): 32, two attention vectors (H, d) = (2, 4): 16
    assertThat(AttentionFixture.parameterCount(block)).isEqualTo(48);
    // W stacks [I; 2 I]: head 1 sees 2 x; a_target 0, a_source 0 gives uniform weights, so the mean of the
    // heads is (mean_j x_j + 2 mean_j x_j) / 2 = 1.5 mean_j x_j = 1.5 [2/3, 2/3, 1/3, 1/3]
    float[] w = new float[32];
    System.arraycopy(identity(4, 1), 0, w, 0, 16);
    System.arraycopy(identity(4, 2), 0, w, 16, 16);
    AttentionFixture.set(block, Map.of("weight", w));
    AttentionFixture.set(block, Map.of("attention_target", new float[8], "attention_source", new float[8]));
    NDArray out = AttentionFixture.forward(manager, block, manager.create(X, new Shape(3, 4)), null).get(0);
    assertThat(out.getShape()).isEqualTo(new Shape(3, 4));
    assertThat(out.toFloatArray()).containsExactly(floats(
        1, 1, 0.5, 0.5, 1, 1, 0.5, 0.5, 1, 1, 0.5, 0.5), within(1e-6f));
  }

  @Test
  void concatenatedHeadsHaveDSquaredPlusTwoDParameters() {
    AttentionBlock block = AttentionFixture.block(manager, new GatAttention(new Settings()), 8, 2, DataType.FLOAT32);
    // W (8, 8) = 64, a_target and a_source (2, 4) = 16
    assertThat(AttentionFixture.parameterCount(block)).isEqualTo(80);
  }

  @Test
  void maskedSourcesGetZeroWeight() {
    AttentionBlock block = AttentionFixture.block(manager, new GatAttention(new Settings()), 4, 2, DataType.FLOAT32);
    NDArray mask = manager.create(new boolean[] {true, true, false, false, true, false, true, false, true},
        new Shape(3, 3));
    NDArray weights = AttentionFixture.forward(manager, block, manager.create(X, new Shape(3, 4)), mask).get(1);
    float[] w = weights.toFloatArray();
    for (int h = 0; h < 2; h++) {
      assertThat(new float[] {w[h * 9 + 2], w[h * 9 + 3], w[h * 9 + 5], w[h * 9 + 7]}).containsOnly(0f);
    }
    assertThat(weights.sum(new int[] {2}).toFloatArray()).containsExactly(
        new float[] {1, 1, 1, 1, 1, 1}, within(1e-6f));
  }

  @Test
  void permutingTheNodesPermutesTheOutputs() {
    AttentionBlock block = AttentionFixture.block(manager, new GatAttention(new Settings()), 8, 2, DataType.FLOAT32);
    AttentionPermutation.assertEquivariant(manager, block, 8);
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    AttentionBlock block = AttentionFixture.block(manager, new GatAttention(new Settings()), 4, 2, DataType.FLOAT64);
    NDArray x = manager.randomNormal(new Shape(3, 4), DataType.FLOAT64);
    assertThat(AttentionFixture.worstGradientGap(manager, block, x, null)).isLessThan(1e-5);
  }

  @Test
  void headsMergeIsRequired() {
    assertThatThrownBy(() -> new Settings(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("heads_merge must be concat or mean, was null");
  }
}
