package dev.affinity.plugins.attention;

import java.util.Locale;

/**
 * How the graph attention plugins combine their heads. Manifests write the lower-case name ({@code concat},
 * {@code mean}); {@link #toString()} gives it back.
 */
public enum HeadsMerge {
  /** Heads of width d / H side by side: output width d. */
  CONCAT,
  /** Heads of width d each, averaged: output width d, H times the parameters of {@link #CONCAT}. */
  MEAN;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
