package dev.affinity.core.data;

import java.util.List;
import java.util.Objects;

/**
 * Every step and size of the image pipeline: the manifest's {@code images:} section, keys in snake_case
 * ({@code train_size} for {@link #trainSize()}). The defaults are the paper's.
 *
 * <p>Training: RandomResizedCrop to {@code train_size} (area share drawn from {@code crop_scale}, aspect
 * ratio log-uniform in {@code crop_ratio}, as torchvision), horizontal flip with {@code flip_probability},
 * normalization by {@code mean} and {@code std}, then RandomErasing with {@code erasing_probability}
 * (area share in {@code erasing_scale}, aspect ratio in {@code erasing_ratio}, erased to 0, as torchvision).
 * Evaluation: the shorter side resized to {@code resize}, then the centre {@code eval_size} square, then
 * normalization. Resampling is bilinear.
 *
 * @param trainSize side of the training crops in pixels
 * @param cropScale [min, max] share of the image's area a training crop covers, 0 < min <= max <= 1
 * @param cropRatio [min, max] width over height of a training crop, 0 < min <= max
 * @param flipProbability chance of a horizontal flip, in [0, 1]
 * @param erasingProbability chance of erasing one rectangle, in [0, 1]
 * @param erasingScale [min, max] share of the crop's area erased, 0 < min <= max < 1
 * @param erasingRatio [min, max] height over width of the erased rectangle, 0 < min <= max
 * @param resize length of the shorter side before the evaluation crop, at least {@code evalSize}
 * @param evalSize side of the evaluation crops in pixels
 * @param mean per-channel (R, G, B) mean subtracted from pixel values in [0, 1]
 * @param std per-channel (R, G, B) divisor after the mean, each positive
 * @param threads decoding threads; 0 for one per available core
 * @param prefetch batches prepared ahead of the consumer, at least 1
 * @param onBadImage what a missing or undecodable image does
 */
public record ImageConfig(
    int trainSize,
    List<Double> cropScale,
    List<Double> cropRatio,
    double flipProbability,
    double erasingProbability,
    List<Double> erasingScale,
    List<Double> erasingRatio,
    int resize,
    int evalSize,
    List<Double> mean,
    List<Double> std,
    int threads,
    int prefetch,
    OnBadImage onBadImage) {

  /** ImageNet's channel statistics, which pretrained backbones expect. */
  public static final List<Double> IMAGENET_MEAN = List.of(0.485, 0.456, 0.406);
  public static final List<Double> IMAGENET_STD = List.of(0.229, 0.224, 0.225);

  public ImageConfig {
    positive("train_size", trainSize);
    positive("eval_size", evalSize);
    cropScale = range("crop_scale", cropScale, 1, true);
    cropRatio = range("crop_ratio", cropRatio, Double.POSITIVE_INFINITY, true);
    probability("flip_probability", flipProbability);
    probability("erasing_probability", erasingProbability);
    erasingScale = range("erasing_scale", erasingScale, 1, false);
    erasingRatio = range("erasing_ratio", erasingRatio, Double.POSITIVE_INFINITY, true);
    if (resize < evalSize) {
      throw new IllegalArgumentException("resize must be at least eval_size (" + evalSize + "), was " + resize);
    }
    mean = channels("mean", mean, false);
    std = channels("std", std, true);
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be at least 0 (0: one per core), was " + threads);
    }
    positive("prefetch", prefetch);
    Objects.requireNonNull(onBadImage, "on_bad_image is null");
  }

  /** The paper's pipeline: 227 px crops, ImageNet normalization, failing on bad images. */
  public ImageConfig() {
    this(227, List.of(0.08, 1.0), List.of(3.0 / 4, 4.0 / 3), 0.5, 0.5, List.of(0.02, 0.33),
        List.of(0.3, 3.3), 256, 227, IMAGENET_MEAN, IMAGENET_STD, 0, 2, OnBadImage.FAIL);
  }

  /** This configuration at another image size: training and evaluation crops of {@code size}, resize 8/7 of it. */
  public ImageConfig withSize(int size) {
    return new ImageConfig(size, cropScale, cropRatio, flipProbability, erasingProbability, erasingScale,
        erasingRatio, (int) Math.round(size * 256.0 / 227), size, mean, std, threads, prefetch, onBadImage);
  }

  /** This configuration with another thread count (0: one per core). */
  public ImageConfig withThreads(int threads) {
    return new ImageConfig(trainSize, cropScale, cropRatio, flipProbability, erasingProbability, erasingScale,
        erasingRatio, resize, evalSize, mean, std, threads, prefetch, onBadImage);
  }

  /** This configuration with another bad-image policy. */
  public ImageConfig withOnBadImage(OnBadImage policy) {
    return new ImageConfig(trainSize, cropScale, cropRatio, flipProbability, erasingProbability, erasingScale,
        erasingRatio, resize, evalSize, mean, std, threads, prefetch, policy);
  }

  /** The thread count to use: {@link #threads()}, or the available cores where it is 0. */
  public int effectiveThreads() {
    return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }

  private static void positive(String key, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(key + " must be at least 1, was " + value);
    }
  }

  private static void probability(String key, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(key + " must be between 0 and 1, was " + value);
    }
  }

  private static List<Double> range(String key, List<Double> range, double max, boolean maxIncluded) {
    String limit = Double.isInfinite(max) ? "" : (maxIncluded ? " <= " : " < ") + (max == 1 ? "1" : max);
    if (range == null || range.size() != 2 || range.stream().anyMatch(Objects::isNull)
        || !(range.get(0) > 0 && range.get(0) <= range.get(1))
        || range.get(1) > max || (!maxIncluded && range.get(1) >= max)) {
      throw new IllegalArgumentException(key + " must be [min, max] with 0 < min <= max" + limit + ", was " + range);
    }
    return List.copyOf(range);
  }

  private static List<Double> channels(String key, List<Double> values, boolean positive) {
    if (values == null || values.size() != 3 || values.stream().anyMatch(Objects::isNull)
        || (positive && values.stream().anyMatch(v -> !(v > 0)))) {
      throw new IllegalArgumentException(key + " must be three " + (positive ? "positive " : "")
          + "numbers (R, G, B), was " + values);
    }
    return List.copyOf(values);
  }
}
