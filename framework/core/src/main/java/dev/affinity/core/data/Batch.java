package dev.affinity.core.data;

import ai.djl.ndarray.NDArray;

/**
 * One mini-batch of images, ready for the network. The caller closes it, which frees both arrays.
 *
 * <p>{@code images} is float32 (B, 3, S, S), normalized; {@code labels} is int32 (B), the samples' labels;
 * {@code indices} gives, for each of the B rows, the sample's position in the list the stream was made
 * from. Under {@link OnBadImage#SKIP} B is smaller than the batch asked for by {@link #skipped()}.
 */
public final class Batch implements AutoCloseable {

  private final NDArray images;
  private final NDArray labels;
  private final int[] indices;
  private final int skipped;

  Batch(NDArray images, NDArray labels, int[] indices, int skipped) {
    this.images = images;
    this.labels = labels;
    this.indices = indices;
    this.skipped = skipped;
  }

  /** float32 (B, 3, S, S), on the stream's manager and device. */
  public NDArray images() {
    return images;
  }

  /** int32 (B): the label of each row's sample. */
  public NDArray labels() {
    return labels;
  }

  /** For each row, the sample's index in the stream's sample list; a copy. */
  public int[] indices() {
    return indices.clone();
  }

  /** B, the number of images. */
  public int size() {
    return indices.length;
  }

  /** How many of the batch's images were dropped as unreadable (always 0 under {@link OnBadImage#FAIL}). */
  public int skipped() {
    return skipped;
  }

  @Override
  public void close() {
    images.close();
    labels.close();
  }
}
