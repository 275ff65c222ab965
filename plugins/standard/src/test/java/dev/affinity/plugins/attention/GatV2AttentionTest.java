package dev.affinity.plugins.attention;

import static dev.affinity.plugins.attention.AttentionFixture.X;
import static dev.affinity.plugins.attention.AttentionFixture.floats;
import static dev.affinity.plugins.attention.AttentionFixture.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.affinity.plugins.attention.GatV2Attention.Settings;
import dev.affinity.spi.attention.AttentionBlock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatV2AttentionTest {

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
    AttentionBlock block = AttentionFixture.block(manager, new GatV2Attention(new Settings()), 4, 2, DataType.FLOAT32);
    // W_l = I, W_r = -I, so the pair term is z_j - z_i; a: head 0 [1, 0], head 1 [0, -1].
    AttentionFixture.set(block, Map.of(
        "source_weight", identity(4, 1),
        "target_weight", identity(4, -1),
        "attention", new float[] {1, 0, 0, -1}));
    NDList out = AttentionFixture.forward(manager, block, manager.create(X, new Shape(3, 4)), null);

    double e = Math.E;
    double c = Math.exp(-0.2);
    double f = Math.exp(0.2);
    double g = Math.exp(-1);
    // head 0 (z[:,0] = [1,0,1]): row 0 LReLU([0,-1,0]) = [0,-0.2,0]; row 1 [1,0,1]; row 2 as row 0
    // head 1 (z[:,1] = [1,0,0]): row 0 -LReLU([0,-1,-1]) = [0,0.2,0.2]; rows 1, 2 -LReLU([1,0,0]) = [-1,0,0]
    double[] weights = {
      1 / (2 + c), c / (2 + c), 1 / (2 + c),
      e / (2 * e + 1), 1 / (2 * e + 1), e / (2 * e + 1),
      1 / (2 + c), c / (2 + c), 1 / (2 + c),
      1 / (1 + 2 * f), f / (1 + 2 * f), f / (1 + 2 * f),
      g / (g + 2), 1 / (g + 2), 1 / (g + 2),
      g / (g + 2), 1 / (g + 2), 1 / (g + 2)
    };
    // messages sum_j alpha_ij W_l x_j: head 0 values [1,0],[0,1],[1,1]; head 1 values [0,1],[1,0],[0,0]
    double[] messages = {
      2 / (2 + c), (1 + c) / (2 + c), f / (1 + 2 * f), 1 / (1 + 2 * f),
      2 * e / (2 * e + 1), (1 + e) / (2 * e + 1), 1 / (g + 2), g / (g + 2),
      2 / (2 + c), (1 + c) / (2 + c), 1 / (g + 2), g / (g + 2)
    };
    assertThat(out.get(1).toFloatArray()).containsExactly(floats(weights), within(1e-6f));
    assertThat(out.get(0).toFloatArray()).containsExactly(floats(messages), within(1e-6f));
  }

  @Test
  void sharedWeightsHalveTheProjections() {
    // separate: W_l, W_r (8, 8) = 128, a (2, 4) = 8; shared: 64 + 8
    assertThat(AttentionFixture.parameterCount(AttentionFixture.block(
        manager, new GatV2Attention(new Settings()), 8, 2, DataType.FLOAT32))).isEqualTo(136);
    AttentionBlock shared = AttentionFixture.block(
        manager, new GatV2Attention(new Settings(true, HeadsMerge.CONCAT)), 8, 2, DataType.FLOAT32);
    assertThat(AttentionFixture.parameterCount(shared)).isEqualTo(72);
    assertThat(shared.getParameters().keys()).containsExactly("source_weight", "attention");
  }

  @Test
  void maskedSourcesGetZeroWeight() {
    AttentionBlock block = AttentionFixture.block(manager, new GatV2Attention(new Settings()), 4, 2, DataType.FLOAT32);
    NDArray mask = manager.create(new boolean[] {true, false, false, true, true, false, false, true, true},
        new Shape(3, 3));
    float[] w = AttentionFixture.forward(manager, block, manager.create(X, new Shape(3, 4)), mask)
        .get(1).toFloatArray();
    for (int h = 0; h < 2; h++) {
      assertThat(new float[] {w[h * 9 + 1], w[h * 9 + 2], w[h * 9 + 5], w[h * 9 + 6]}).containsOnly(0f);
      assertThat(w[h * 9]).isEqualTo(1f);
    }
  }

  @Test
  void permutingTheNodesPermutesTheOutputs() {
    AttentionBlock block = AttentionFixture.block(manager, new GatV2Attention(new Settings()), 8, 2, DataType.FLOAT32);
    AttentionPermutation.assertEquivariant(manager, block, 8);
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    AttentionBlock block = AttentionFixture.block(
        manager, new GatV2Attention(new Settings(false, HeadsMerge.MEAN)), 4, 2, DataType.FLOAT64);
    NDArray x = manager.randomNormal(new Shape(3, 4), DataType.FLOAT64);
    assertThat(AttentionFixture.worstGradientGap(manager, block, x, null)).isLessThan(1e-5);
  }
}
