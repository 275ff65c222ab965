package dev.affinity.spi.data;

import dev.affinity.spi.Api;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A data set split by class: training classes never appear among the evaluation classes.
 *
 * <p>Evaluation follows one of two protocols. With an empty {@code gallery}, every query is searched among
 * the other queries (CUB, Cars, SOP). With a gallery, queries are searched among gallery items (In-Shop).
 *
 * @param train the samples of the training classes, in a fixed order, never null
 * @param query the samples of the evaluation classes, in a fixed order, never null
 * @param gallery the items queries are searched among, or empty to search among the queries themselves
 * @since 1.0
 */
@Api(status = Api.Status.STABLE, since = "1.0")
public record DatasetSplits(List<Sample> train, List<Sample> query, List<Sample> gallery) {

  /**
   * @throws IllegalArgumentException when a class occurs both in training and evaluation
   */
  public DatasetSplits {
    train = List.copyOf(Objects.requireNonNull(train, "train is null"));
    query = List.copyOf(Objects.requireNonNull(query, "query is null"));
    gallery = List.copyOf(Objects.requireNonNull(gallery, "gallery is null"));
    Set<Integer> trainClasses = new HashSet<>();
    train.forEach(s -> trainClasses.add(s.label()));
    for (List<Sample> eval : List.of(query, gallery)) {
      for (Sample s : eval) {
        if (trainClasses.contains(s.label())) {
          throw new IllegalArgumentException(
              "class " + s.label() + " is in both the training and the evaluation split (" + s.image().location()
                  + "): deep metric learning is evaluated on unseen classes");
        }
      }
    }
  }

  /** Whether queries are searched among a separate gallery. */
  public boolean hasGallery() {
    return !gallery.isEmpty();
  }
}
