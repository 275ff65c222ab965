package dev.affinity.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.affinity.plugins.attention.DotProductAttention;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AffinityModelTest {

  private NDManager manager;

  @BeforeEach
  void open() {
    Engine.getInstance().setRandomSeed(4);
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private AffinityModel model(MessagePassingConfig mpn) {
    AffinityModel model = new AffinityModel(Linear.builder().setUnits(8).build(), 8, 3, mpn,
        new DotProductAttention(new DotProductAttention.Settings()));
    model.initialize(manager, DataType.FLOAT32, new Shape(6, 5));
    return model;
  }

  @Test
  void givesEmbeddingsLogitsOfBothHeadsAndAttentionWeights() {
    AffinityModel model = model(MessagePassingConfig.paper(2, 2));
    AffinityModel.Output out = model.run(
        new ParameterStore(manager, false), manager.randomNormal(new Shape(6, 5)), null, true);

    assertThat(out.embedding().getShape()).isEqualTo(new Shape(6, 8));
    assertThat(out.backboneLogits().getShape()).isEqualTo(new Shape(6, 3));
    assertThat(out.mpnLogits().getShape()).isEqualTo(new Shape(6, 3));
    assertThat(out.refined().getShape()).isEqualTo(new Shape(6, 8));
    assertThat(out.attentionWeights()).hasSize(2);
    assertThat(out.attentionWeights().get(0).getShape()).isEqualTo(new Shape(2, 6, 6));
  }

  @Test
  void aMaskReachesEveryLayersAttention() {
    AffinityModel model = model(MessagePassingConfig.paper(2, 2));
    boolean[] allowed = new boolean[36];
    for (int i = 0; i < 6; i++) {
      allowed[i * 6 + i] = true; // self-loops only
    }
    AffinityModel.Output out = model.run(new ParameterStore(manager, false),
        manager.randomNormal(new Shape(6, 5)), manager.create(allowed, new Shape(6, 6)), false);
    for (NDArray weights : out.attentionWeights()) {
      // with only the self-loop allowed, each target gives it all its weight: the identity per head
      assertThat(weights.toFloatArray()).containsExactly(
          manager.eye(6).expandDims(0).repeat(0, 2).toFloatArray());
    }
  }

  @Test
  void mpnHeadHasAFrozenZeroShiftAndASmallBiaslessClassifier() {
    AffinityModel model = model(MessagePassingConfig.paper(1, 2));
    List<Parameter> head = model.getParameters().stream()
        .filter(p -> p.getKey().contains("mpn_head")).map(p -> p.getValue()).toList();
    // BatchNorm gamma, beta, running mean and var (8 each), Linear weight (3, 8) and no bias
    assertThat(head).extracting(Parameter::getShape).containsExactly(
        new Shape(8), new Shape(8), new Shape(8), new Shape(8), new Shape(3, 8));
    Parameter beta = head.get(1);
    assertThat(beta.requiresGradient()).isFalse();
    assertThat(beta.getArray().toFloatArray()).containsOnly(0f);
    // N(0, 0.001): 24 draws stay well within 0.01
    assertThat(head.get(4).getArray().abs().max().getFloat()).isLessThan(0.01f);
  }

  @Test
  void withoutMessagePassingOnlyTheBackboneAndItsHeadRemain() {
    AffinityModel model = model(null);
    AffinityModel.Output out = model.run(
        new ParameterStore(manager, false), manager.randomNormal(new Shape(6, 5)), null, true);
    assertThat(out.mpnLogits()).isNull();
    assertThat(out.refined()).isNull();
    assertThat(out.attentionWeights()).isEmpty();
    // backbone Linear(5 -> 8) and head Linear(8 -> 3)
    assertThat(model.getParameters().values().stream().mapToLong(p -> p.getShape().size()).sum())
        .isEqualTo(5 * 8 + 8 + 8 * 3 + 3);
  }

  @Test
  void evaluationEmbeddingsAreTheBackbonesUnitLengthOutput() {
    AffinityModel model = model(MessagePassingConfig.paper(1, 2));
    NDArray images = manager.randomNormal(new Shape(6, 5));
    ParameterStore store = new ParameterStore(manager, false);
    NDArray embedded = model.embed(store, images);
    NDArray raw = model.run(store, images, null, false).embedding();

    assertThat(embedded.norm(new int[] {1}).toFloatArray()).containsExactly(new float[] {1, 1, 1, 1, 1, 1}, within(1e-6f));
    assertThat(embedded.mul(raw.norm(new int[] {1}, true)).toFloatArray())
        .containsExactly(raw.toFloatArray(), within(1e-5f));
  }
}
