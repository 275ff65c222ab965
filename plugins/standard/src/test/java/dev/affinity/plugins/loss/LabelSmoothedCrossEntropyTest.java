package dev.affinity.plugins.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.affinity.plugins.loss.LabelSmoothedCrossEntropy.Settings;
import dev.affinity.spi.loss.LossBlock;
import dev.affinity.spi.loss.LossInput;
import dev.affinity.spi.loss.LossShape;
import org.junit.jupiter.api.Test;

class LabelSmoothedCrossEntropyTest {

  @Test
  void matchesTheFormulaOnTemperatureScaledLogits() {
    try (NDManager manager = NDManager.newBaseManager()) {
      LossBlock loss = new LabelSmoothedCrossEntropy(new Settings(0.1, 0.5)).build(new LossShape(3, 3));
      // logits / T: row 0 [2, 0, -2] label 0; row 1 [0, 0, 0] label 2
      NDList in = new NDList(
          manager.create(new float[] {1, 0, -1, 0, 0, 0}, new Shape(2, 3)), manager.create(new int[] {0, 2}));
      float value = loss.forward(new ParameterStore(manager, false), in, true).singletonOrThrow().getFloat();

      // log p row 0 = [2, 0, -2] - log(e^2 + 1 + e^-2); row 1 = -log 3 each
      double z = Math.log(Math.exp(2) + 1 + Math.exp(-2));
      double[] row0 = {2 - z, -z, -2 - z};
      // q = 0.9 onehot + 0.1 / 3
      double loss0 = -(0.9 * row0[0] + 0.1 / 3 * (row0[0] + row0[1] + row0[2]));
      double loss1 = Math.log(3);
      assertThat(value).isEqualTo((float) ((loss0 + loss1) / 2), within(1e-6f));
    }
  }

  @Test
  void readsLogitsAndDefaultsToThePapersSmoothing() {
    LabelSmoothedCrossEntropy loss = new LabelSmoothedCrossEntropy(new Settings());
    assertThat(loss.input()).isEqualTo(LossInput.LOGITS);
    assertThat(new Settings()).isEqualTo(new Settings(0.1, 1.0));
  }

  @Test
  void rejectsSettingsOutOfRangeNamingTheKey() {
    assertThatThrownBy(() -> new Settings(1.0, 1.0))
        .hasMessage("epsilon must be in [0, 1), was 1.0");
    assertThatThrownBy(() -> new Settings(0.1, 0))
        .hasMessage("temperature must be a positive number, was 0.0");
  }
}
