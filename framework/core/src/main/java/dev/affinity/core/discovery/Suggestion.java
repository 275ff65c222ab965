package dev.affinity.core.discovery;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** The tail of an "unknown name" message: the closest valid name, if one is close, and every valid name. */
public final class Suggestion {

  private Suggestion() {}

  /**
   * {@code "; did you mean 'heads'? valid keys: dropout, heads"}, or {@code "; valid keys: ..."} when nothing
   * is close, or {@code whenEmpty} when there is nothing valid.
   *
   * @param wrong what the user wrote
   * @param valid what would have been valid
   * @param whenEmpty the tail when {@code valid} is empty
   * @param listName how the list is introduced ("valid keys", "available")
   */
  public static String closest(String wrong, List<String> valid, String whenEmpty, String listName) {
    if (valid.isEmpty()) {
      return whenEmpty;
    }
    String list = listName + ": " + valid.stream().sorted().collect(Collectors.joining(", "));
    return valid.stream()
        .filter(v -> Levenshtein.distance(v, wrong) <= Math.max(2, wrong.length() / 3))
        .min(Comparator.comparingInt((String v) -> Levenshtein.distance(v, wrong)).thenComparing(v -> v))
        .map(v -> "; did you mean '" + v + "'? " + list)
        .orElse("; " + list);
  }
}
