package dev.affinity.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.affinity.core.model.MessagePassingConfig.HeadInput;
import dev.affinity.plugins.attention.DotProductAttention;
import dev.affinity.plugins.attention.GatAttention;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessagePassingBlockTest {

  private NDManager manager;

  @BeforeEach
  void open() {
    Engine.getInstance().setRandomSeed(3);
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private static MessagePassingConfig config(boolean attention, boolean feedForward, HeadInput head) {
    return new MessagePassingConfig(2, 2, 0.0, 0.0, 16, attention, feedForward, head);
  }

  private MessagePassingBlock build(MessagePassingConfig config, int dim, DataType type) {
    MessagePassingBlock block = new MessagePassingBlock(
        dim, config, new DotProductAttention(new DotProductAttention.Settings()));
    block.initialize(manager, type, new Shape(5, dim));
    return block;
  }

  private static long count(Block block) {
    return block.getParameters().values().stream().mapToLong(p -> p.getShape().size()).sum();
  }

  @Test
  void ablationSwitchesRemoveExactlyTheirParameters() {
    // d = 8, L = 2, feed-forward width 16. Input Linear 8*8 + 8 = 72.
    // Per layer: attention 4 (8*8 + 8) = 288 and its LayerNorm 2*8 = 16;
    // feed-forward 8*16 + 16 + 16*8 + 8 = 280 and its LayerNorm 16.
    assertThat(count(build(config(true, true, HeadInput.LAST), 8, DataType.FLOAT32)))
        .isEqualTo(72 + 2 * (288 + 16 + 280 + 16));
    assertThat(count(build(config(false, true, HeadInput.LAST), 8, DataType.FLOAT32)))
        .isEqualTo(72 + 2 * (280 + 16));
    assertThat(count(build(config(true, false, HeadInput.LAST), 8, DataType.FLOAT32)))
        .isEqualTo(72 + 2 * (288 + 16));
    assertThat(count(build(config(false, false, HeadInput.LAST), 8, DataType.FLOAT32))).isEqualTo(72);
  }

  @Test
  void returnsRefinedEmbeddingsHeadInputAndEveryLayersWeights() {
    MessagePassingBlock block = build(config(true, true, HeadInput.CONCAT), 8, DataType.FLOAT32);
    NDList out = block.forward(new ParameterStore(manager, false),
        new NDList(manager.randomNormal(new Shape(5, 8))), false);

    assertThat(out).hasSize(4);
    assertThat(out.get(0).getShape()).isEqualTo(new Shape(5, 8));
    assertThat(out.get(1).getShape()).isEqualTo(new Shape(5, 16));
    // the concatenation ends with the last layer's output
    assertThat(out.get(1).get(":, 8:").toFloatArray()).containsExactly(out.get(0).toFloatArray());
    assertThat(out.get(2).getShape()).isEqualTo(new Shape(2, 5, 5));
    assertThat(out.get(3).getShape()).isEqualTo(new Shape(2, 5, 5));
    assertThat(block.headWidth()).isEqualTo(16);
  }

  @Test
  void withoutAttentionThereAreNoWeights() {
    MessagePassingBlock block = build(config(false, true, HeadInput.LAST), 8, DataType.FLOAT32);
    NDList out = block.forward(new ParameterStore(manager, false),
        new NDList(manager.randomNormal(new Shape(5, 8))), false);
    assertThat(out).hasSize(2);
    assertThat(out.get(1).toFloatArray()).containsExactly(out.get(0).toFloatArray());
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    MessagePassingConfig config = new MessagePassingConfig(2, 2, 0, 0, 6, true, true, HeadInput.CONCAT);
    MessagePassingBlock block = new MessagePassingBlock(4, config, new GatAttention(new GatAttention.Settings()));
    block.initialize(manager, DataType.FLOAT64, new Shape(3, 4));
    NDArray x = manager.randomNormal(new Shape(3, 4), DataType.FLOAT64);
    NDArray r = manager.randomUniform(-1, 1, new Shape(3, 8), DataType.FLOAT64);
    ParameterStore store = new ParameterStore(manager, false);
    x.setRequiresGradient(true);
    try (GradientCollector c = manager.getEngine().newGradientCollector()) {
      c.backward(block.forward(store, new NDList(x), true).get(1).mul(r).sum());
    }
    FiniteDifferences f = () -> block.forward(store, new NDList(x), false).get(1).mul(r).sum().getDouble();
    double worst = f.worstGap(x);
    for (var p : block.getParameters()) {
      worst = Math.max(worst, f.worstGap(p.getValue().getArray()));
    }
    assertThat(worst).isLessThan(1e-5);
  }

  @Test
  void configNamesTheBadKey() {
    assertThatThrownBy(() -> new MessagePassingConfig(0, 2, 0.1, 0.1, 0, true, true, HeadInput.LAST))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layers must be at least 1, was 0");
    assertThatThrownBy(() -> new MessagePassingConfig(1, 2, 0.1, 1.0, 0, true, true, HeadInput.LAST))
        .hasMessage("attention_dropout must be in [0, 1), was 1.0");
    assertThatThrownBy(() -> new MessagePassingConfig(1, 2, 0.1, 0.1, 0, true, true, null))
        .hasMessage("head_input must be last or concat, was null");
    assertThat(MessagePassingConfig.paper(2, 8).feedForwardWidth(512)).isEqualTo(2048);
  }
}
