package dev.affinity.plugins.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.affinity.spi.loss.LossBlock;
import dev.affinity.spi.loss.LossFunction;
import dev.affinity.spi.loss.LossShape;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each loss on a tiny batch whose value follows by hand, and its gradient against central finite
 * differences in float64.
 *
 * <p>The square: x0 = (1, 0), x1 = (0, 1), x2 = (-1, 0), x3 = (0, -1). Neighbours on the circle are
 * sqrt 2 apart (cosine 0), opposite points 2 (cosine -1).
 */
class LossesTest {

  private static final double[] SQUARE = {1, 0, 0, 1, -1, 0, 0, -1};
  private static final double SQRT2 = Math.sqrt(2);

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void batchHardTakesTheFarthestPositiveAndNearestNegative() {
    // Labels 0 0 1 1: each anchor's positive and nearest negative are both sqrt 2 away: 0.2 each.
    assertThat(value(new TripletLoss(new TripletLoss.Settings(0.2, TripletLoss.Mining.BATCH_HARD)),
        SQUARE, 0, 0, 1, 1)).isCloseTo(0.2, within(1e-9));
    // Labels 0 1 0 1: the positive is opposite (2), the negatives sqrt 2: 2 - sqrt 2 + 0.2 each.
    assertThat(value(new TripletLoss(new TripletLoss.Settings(0.2, TripletLoss.Mining.BATCH_HARD)),
        SQUARE, 0, 1, 0, 1)).isCloseTo(2.2 - SQRT2, within(1e-9));
  }

  @Test
  void semiHardTakesTheNearestNegativeBeyondThePositiveElseTheFarthest() {
    // Labels 0 0 1 1: d(a,p) = sqrt 2; the only negative farther is the opposite point, at 2:
    // sqrt 2 - 2 + 1 per pair.
    assertThat(value(new TripletLoss(new TripletLoss.Settings(1, TripletLoss.Mining.SEMI_HARD)),
        SQUARE, 0, 0, 1, 1)).isCloseTo(SQRT2 - 1, within(1e-9));
    // Labels 0 1 0 1: d(a,p) = 2, no negative is farther, the farthest is sqrt 2: 2 - sqrt 2 + 0.2.
    assertThat(value(new TripletLoss(new TripletLoss.Settings(0.2, TripletLoss.Mining.SEMI_HARD)),
        SQUARE, 0, 1, 0, 1)).isCloseTo(2.2 - SQRT2, within(1e-9));
  }

  @Test
  void contrastiveAveragesTheNonZeroPullsAndPushes() {
    // Margins 1 and 2, labels 0 0 1 1. Positive pairs at sqrt 2 cost sqrt 2 - 1; negative pairs at
    // sqrt 2 cost 2 - sqrt 2, those at 2 cost 0 and are left out of the mean: total 1.
    assertThat(value(new ContrastiveLoss(new ContrastiveLoss.Settings(1, 2)), SQUARE, 0, 0, 1, 1))
        .isCloseTo(1.0, within(1e-9));
  }

  @Test
  void multiSimilarityMinesPairsThenSumsItsTwoSoftTerms() {
    // Labels 0 0 1 1, anchor 0: positive x1 (S 0); negatives x2 (S -1), x3 (S 0). max neg S = 0 keeps x1
    // (0 - 0.1 < 0); min pos S = 0 keeps x3 (0 + 0.1 > 0) and drops x2. Every anchor alike:
    // L = 1/2 ln(1 + e^(-2 (0 - 0.5))) + 1/50 ln(1 + e^(50 (0 - 0.5))).
    double expected = Math.log(1 + Math.exp(1)) / 2 + Math.log(1 + Math.exp(-25)) / 50;
    assertThat(value(new MultiSimilarityLoss(new MultiSimilarityLoss.Settings()), SQUARE, 0, 0, 1, 1))
        .isCloseTo(expected, within(1e-9));
  }

  @Test
  void proxyAnchorPullsEachProxysClassAndPushesTheRest() {
    // Proxies (1, 0) for class 0 and (-1, 0) for class 1; labels 0 0 1 1. Proxy 0 sees positives at
    // cosine 1 and 0, negatives at -1 and 0; proxy 1 the same. Both have positives, so
    // L = ln(1 + e^(-32 (1 - 0.1)) + e^(-32 (0 - 0.1))) + ln(1 + e^(32 (-1 + 0.1)) + e^(32 (0 + 0.1))).
    LossBlock block = initialized(new ProxyAnchorLoss(new ProxyAnchorLoss.Settings()), 4, 2, 2);
    block.getParameters().get("proxies").getArray().set(new ai.djl.ndarray.index.NDIndex(":"),
        manager.create(new double[] {1, 0, -1, 0}, new Shape(2, 2)));
    double term = Math.log(1 + Math.exp(-28.8) + Math.exp(3.2));

    assertThat(forward(block, SQUARE, new int[] {0, 0, 1, 1})).isCloseTo(2 * term, within(1e-9));
  }

  @Test
  void gradientsAgreeWithFiniteDifferences() {
    Random random = new Random(11);
    double[] x = new double[8 * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextGaussian();
    }
    int[] labels = {0, 0, 1, 1, 2, 2, 0, 1};
    for (LossFunction loss : new LossFunction[] {
        new TripletLoss(new TripletLoss.Settings(0.5, TripletLoss.Mining.BATCH_HARD)),
        new TripletLoss(new TripletLoss.Settings(0.5, TripletLoss.Mining.SEMI_HARD)),
        new ContrastiveLoss(new ContrastiveLoss.Settings(0.5, 2)),
        new MultiSimilarityLoss(new MultiSimilarityLoss.Settings(2, 10, 0.5, 0.5)),
        new ProxyAnchorLoss(new ProxyAnchorLoss.Settings(4, 0.1))}) {
      LossBlock block = initialized(loss, 8, 3, 3);
      double[] analytic = gradient(block, x, labels);
      double h = 1e-6;
      for (int i = 0; i < x.length; i++) {
        double[] up = x.clone();
        double[] down = x.clone();
        up[i] += h;
        down[i] -= h;
        double numeric = (forward(block, up, labels) - forward(block, down, labels)) / (2 * h);
        assertThat(analytic[i]).as("%s d/dx[%d]", loss.getClass().getSimpleName(), i)
            .isCloseTo(numeric, within(1e-6));
      }
      assertThat(java.util.Arrays.stream(analytic).map(Math::abs).sum())
          .as("%s gradient", loss.getClass().getSimpleName()).isGreaterThan(1e-3);
    }
  }

  @Test
  void proxiesAreTrainedWithTheModel() {
    LossBlock block = initialized(new ProxyAnchorLoss(new ProxyAnchorLoss.Settings()), 4, 2, 2);
    gradient(block, SQUARE, new int[] {0, 0, 1, 1});

    NDArray proxies = block.getParameters().get("proxies").getArray();
    assertThat(proxies.getShape()).isEqualTo(new Shape(2, 2));
    assertThat(proxies.getGradient().abs().sum().getDouble()).isGreaterThan(0);
  }

  @Test
  void settingsNameTheBadKey() {
    assertThatThrownBy(() -> new TripletLoss.Settings(-1, TripletLoss.Mining.BATCH_HARD))
        .hasMessage("margin must be at least 0, was -1.0");
    assertThatThrownBy(() -> new ContrastiveLoss.Settings(1, 0.5))
        .hasMessage("negative_margin must exceed positive_margin (1.0), was 0.5");
    assertThatThrownBy(() -> new MultiSimilarityLoss.Settings(2, 0, 0.5, 0.1))
        .hasMessage("beta must be above 0, was 0.0");
    assertThatThrownBy(() -> new ProxyAnchorLoss.Settings(32, -0.1))
        .hasMessage("delta must be at least 0, was -0.1");
  }

  private double value(LossFunction loss, double[] x, int... labels) {
    return forward(initialized(loss, labels.length, x.length / labels.length, 2), x, labels);
  }

  private LossBlock initialized(LossFunction loss, int batch, int dim, int classes) {
    LossBlock block = loss.build(new LossShape(dim, classes));
    block.initialize(manager, DataType.FLOAT64, new Shape(batch, dim), new Shape(batch));
    return block;
  }

  private double forward(LossBlock block, double[] x, int[] labels) {
    try (NDManager scope = manager.newSubManager()) {
      NDList in = new NDList(scope.create(x, new Shape(labels.length, x.length / labels.length)),
          scope.create(labels));
      return block.forward(new ParameterStore(scope, false), in, false).singletonOrThrow().getDouble();
    }
  }

  private double[] gradient(LossBlock block, double[] x, int[] labels) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray input = scope.create(x, new Shape(labels.length, x.length / labels.length));
      input.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray loss = block.forward(new ParameterStore(scope, false),
            new NDList(input, scope.create(labels)), true).singletonOrThrow();
        collector.backward(loss);
      }
      return input.getGradient().toDoubleArray();
    }
  }
}
