package dev.affinity.core.model;

/** The two classifier heads a loss can be applied to. */
public enum Head {
  /** {@code Linear(d -> C)} on the backbone's unnormalized embedding. */
  BACKBONE,
  /** BatchNorm1d and {@code Linear(k -> C)} on the message passing network's output. */
  MPN
}
