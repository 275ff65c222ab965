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
import dev.affinity.plugins.attention.DotProductAttention.Settings;
import dev.affinity.plugins.attention.DotProductAttention.Softmax;
import dev.affinity.spi.attention.AttentionBlock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DotProductAttentionTest {

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

  /**
   * Wq = Wk = Wv = I, Wo = 2 I, value bias [0, 0, 0, 1], other biases 0; x rows [1 0 | 0 1], [0 1 | 1 0],
   * [1 1 | 0 0] (heads of width 2), s = 1/sqrt(2), a = e^s, b = e^2s.
   */
  private AttentionBlock handSet(Softmax softmax) {
    AttentionBlock block = AttentionFixture.block(
        manager, new DotProductAttention(new Settings(softmax)), 4, 2, DataType.FLOAT32);
    AttentionFixture.set(block, Map.of(
        "query_weight", identity(4, 1), "key_weight", identity(4, 1),
        "value_weight", identity(4, 1), "out_weight", identity(4, 2),
        "value_bias", new float[] {0, 0, 0, 1}));
    return block;
  }

  @Test
  void forwardMatchesTheHandComputedExample() {
    NDList out = AttentionFixture.forward(manager, handSet(Softmax.PLAIN), manager.create(X, new Shape(3, 4)), null);

    double s = 1 / Math.sqrt(2);
    double a = Math.exp(s);
    double b = Math.exp(2 * s);
    // head 0: q.k Gram [[1,0,1],[0,1,1],[1,1,2]] times s; head 1: Gram [[1,0,0],[0,1,0],[0,0,0]] times s
    double[] weights = {
      a / (2 * a + 1), 1 / (2 * a + 1), a / (2 * a + 1),
      1 / (2 * a + 1), a / (2 * a + 1), a / (2 * a + 1),
      a / (2 * a + b), a / (2 * a + b), b / (2 * a + b),
      a / (a + 2), 1 / (a + 2), 1 / (a + 2),
      1 / (a + 2), a / (a + 2), 1 / (a + 2),
      1 / 3.0, 1 / 3.0, 1 / 3.0
    };
    // head 0 values [1,0],[0,1],[1,1]; head 1 values (with the bias) [0,2],[1,1],[0,1]; out = 2 [head 0 | head 1]
    double[] messages = {
      2 * 2 * a / (2 * a + 1), 2 * (a + 1) / (2 * a + 1), 2 * 1 / (a + 2), 2 * (2 * a + 2) / (a + 2),
      2 * (a + 1) / (2 * a + 1), 2 * 2 * a / (2 * a + 1), 2 * a / (a + 2), 2 * (a + 3) / (a + 2),
      2 * (a + b) / (2 * a + b), 2 * (a + b) / (2 * a + b), 2 * 1 / 3.0, 2 * 4 / 3.0
    };
    assertThat(out.get(1).getShape()).isEqualTo(new Shape(2, 3, 3));
    assertThat(out.get(1).toFloatArray()).containsExactly(floats(weights), within(1e-6f));
    assertThat(out.get(0).toFloatArray()).containsExactly(floats(messages), within(1e-5f));
  }

  @Test
  void extraZeroLogitRowsSumToLessThanOneAndFollowTheFormula() {
    NDList out = AttentionFixture.forward(
        manager, handSet(Softmax.EXTRA_ZERO_LOGIT), manager.create(X, new Shape(3, 4)), null);

    double s = 1 / Math.sqrt(2);
    double a = Math.exp(s);
    // exp(l_ij) / (1 + sum_j exp(l_ij)): head 0 row 0 logits [s, 0, s]; head 1 row 2 logits [0, 0, 0]
    float[] w = out.get(1).toFloatArray();
    assertThat(new float[] {w[0], w[1], w[2]})
        .containsExactly(floats(a / (2 * a + 2), 1 / (2 * a + 2), a / (2 * a + 2)), within(1e-6f));
    assertThat(new float[] {w[15], w[16], w[17]}).containsExactly(floats(0.25, 0.25, 0.25), within(1e-6f));
    float[] rowSums = out.get(1).sum(new int[] {2}).toFloatArray();
    for (float sum : rowSums) {
      assertThat(sum).isLessThan(1f);
    }
  }

  @Test
  void maskedSourcesGetZeroWeightAndRowsStillSumToOne() {
    AttentionBlock block = handSet(Softmax.PLAIN);
    // target 0 may hear only itself and 2; target 1 only 1; target 2 everyone
    NDArray mask = manager.create(new boolean[] {true, false, true, false, true, false, true, true, true},
        new Shape(3, 3));
    NDArray weights = AttentionFixture.forward(manager, block, manager.create(X, new Shape(3, 4)), mask).get(1);

    float[] w = weights.toFloatArray();
    for (int h = 0; h < 2; h++) {
      assertThat(w[h * 9 + 1]).isZero();
      assertThat(w[h * 9 + 3]).isZero();
      assertThat(w[h * 9 + 5]).isZero();
      assertThat(w[h * 9 + 4]).isEqualTo(1f, within(1e-6f));
    }
    assertThat(weights.sum(new int[] {2}).toFloatArray()).containsOnly(1f);
  }

  @Test
  void permutingTheNodesPermutesTheOutputs() {
    AttentionBlock block = AttentionFixture.block(
        manager, new DotProductAttention(new Settings()), 8, 2, DataType.FLOAT32);
    AttentionPermutation.assertEquivariant(manager, block, 8);
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    AttentionBlock block = AttentionFixture.block(
        manager, new DotProductAttention(new Settings(Softmax.EXTRA_ZERO_LOGIT)), 4, 2, DataType.FLOAT64);
    NDArray x = manager.randomNormal(new Shape(3, 4), DataType.FLOAT64);
    NDArray mask = manager.create(new boolean[] {true, false, true, true, true, false, true, true, true},
        new Shape(3, 3));
    assertThat(AttentionFixture.worstGradientGap(manager, block, x, mask)).isLessThan(1e-5);
  }

  @Test
  void hasFourProjectionsWithBiases() {
    AttentionBlock block = AttentionFixture.block(
        manager, new DotProductAttention(new Settings()), 8, 2, DataType.FLOAT32);
    // 4 (d d + d) = 4 (64 + 8)
    assertThat(AttentionFixture.parameterCount(block)).isEqualTo(288);
  }

  @Test
  void softmaxSettingIsRequiredAndSpelledAsInManifests() {
    assertThatThrownBy(() -> new Settings(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("softmax must be plain or extra-zero-logit, was null");
    assertThat(Softmax.EXTRA_ZERO_LOGIT).hasToString("extra-zero-logit");
    assertThat(new Settings().softmax()).isEqualTo(Softmax.PLAIN);
  }
}
