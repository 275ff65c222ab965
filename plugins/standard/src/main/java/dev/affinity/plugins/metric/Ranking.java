package dev.affinity.plugins.metric;

/** Shared pieces of the ranking metrics. */
final class Ranking {

  private Ranking() {}

  /** {@code part / whole}, or NaN when no query counted: there is nothing to measure. */
  static double share(double part, int whole) {
    return whole == 0 ? Double.NaN : part / whole;
  }
}
