package dev.affinity.plugins.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;

/** Shared pieces of the attention blocks: declaring parameters and reading them on the input's device. */
final class Weights {

  private Weights() {}

  /** A parameter of a known shape with its own initializer. */
  static Parameter of(String name, Parameter.Type type, Shape shape, Initializer initializer) {
    return Parameter.builder()
        .setName(name)
        .setType(type)
        .optShape(shape)
        .optInitializer(initializer)
        .build();
  }

  /** The parameter's value on the device of {@code like}. */
  static NDArray value(ParameterStore store, Parameter parameter, NDArray like, boolean training) {
    return store.getValue(parameter, like.getDevice(), training);
  }

  /** (N, H * w) -> (H, N, w): one slice per head. */
  static NDArray splitHeads(NDArray x, int heads) {
    long n = x.getShape().get(0);
    long width = x.getShape().get(1) / heads;
    return x.reshape(n, heads, width).transpose(1, 0, 2);
  }

  /** (H, N, w) -> (N, H * w): heads side by side, head 0 first. */
  static NDArray concatHeads(NDArray x) {
    Shape s = x.getShape();
    return x.transpose(1, 0, 2).reshape(s.get(1), s.get(0) * s.get(2));
  }
}
