package dev.affinity.spi.data;

import dev.affinity.spi.Api;
import java.util.List;
import java.util.Random;

/**
 * Groups training samples into the mini-batches of one epoch.
 *
 * @since 1.0
 */
@Api(status = Api.Status.STABLE, since = "1.0")
public interface BatchSampler {

  /**
   * The batches of one epoch, as indices into {@code labels}.
   *
   * @param labels the label of every training sample, index i for sample i, never null
   * @param random seeded by the core from the run's seed and the epoch: the only source of randomness, so
   *     equal seeds give equal batches
   * @return the batches in order; each array holds sample indices, never null
   */
  List<int[]> batches(int[] labels, Random random);
}
