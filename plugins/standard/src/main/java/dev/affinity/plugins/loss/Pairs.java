package dev.affinity.plugins.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Pairwise pieces the embedding losses share; every array is (B, B), row = anchor. */
final class Pairs {

  /** Stands in for "no such pair" in masked minima: beyond any distance or similarity. */
  static final double FAR = 1e9;

  private Pairs() {}

  /** Euclidean distances; the square root is floored at 1e-6 so its gradient stays finite at 0. */
  static NDArray euclidean(NDArray x) {
    NDArray squares = x.square().sum(new int[] {1}, true);
    NDArray d2 = squares.add(squares.transpose()).sub(x.matMul(x.transpose()).mul(2));
    return d2.maximum(1e-12).sqrt();
  }

  /** True where rows i and j share a label, the diagonal included. */
  static NDArray sameLabel(NDArray labels) {
    return labels.expandDims(1).eq(labels.expandDims(0));
  }

  /** True off the diagonal. */
  static NDArray notSelf(NDArray labels) {
    long b = labels.getShape().get(0);
    return labels.getManager().eye((int) b).eq(0);
  }

  /** A scalar of {@code like}'s type, for {@code where}. */
  static NDArray constant(NDArray like, double value) {
    return like.getManager().create(value).toType(like.getDataType(), false);
  }

  /** 1 where {@code mask} is true, 0 elsewhere, in {@code like}'s type. */
  static NDArray asFloat(NDArray mask, NDArray like) {
    return mask.toType(like.getDataType(), false);
  }

  /** Whether each row of a boolean mask has a true entry, as a boolean (rows). */
  static NDArray anyInRow(NDArray mask) {
    return mask.toType(DataType.FLOAT32, false).sum(new int[] {1}).gt(0);
  }
}
