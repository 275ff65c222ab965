package dev.affinity.core.manifest;

import java.util.List;

/**
 * The image pipeline: how training and evaluation images are decoded, augmented and normalized.
 * Defaults are the paper's.
 *
 * @param trainCrop RandomResizedCrop's output size for training
 * @param cropScale RandomResizedCrop's area range, [min, max] of the image area
 * @param cropRatio RandomResizedCrop's aspect ratio range, [min, max]
 * @param flip whether training images are flipped horizontally at random (p 0.5)
 * @param erasing RandomErasing's probability; 0 turns it off
 * @param testResize evaluation images are resized so their shorter side is this
 * @param testCrop then centre-cropped to this
 * @param mean per-channel mean subtracted after scaling to [0, 1] (ImageNet's)
 * @param std per-channel standard deviation divided by (ImageNet's)
 * @param threads decoding and augmentation threads; 0 means one per core
 * @param prefetch batches prepared ahead of the trainer
 * @param onBadImage what a missing or undecodable image does
 */
public record ImagesSection(
    int trainCrop,
    List<Double> cropScale,
    List<Double> cropRatio,
    boolean flip,
    double erasing,
    int testResize,
    int testCrop,
    List<Double> mean,
    List<Double> std,
    int threads,
    int prefetch,
    BadImagePolicy onBadImage) {

  /** What a missing or undecodable image does. */
  public enum BadImagePolicy {
    /** Stop the run with the image's path. */
    FAIL,
    /** Leave the image out, count it in the log and the metrics. */
    SKIP
  }

  public ImagesSection() {
    this(227, List.of(0.08, 1.0), List.of(3.0 / 4, 4.0 / 3), true, 0.5, 256, 227,
        List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225), 0, 4, BadImagePolicy.FAIL);
  }

  public ImagesSection {
    positive("train_crop", trainCrop);
    positive("test_resize", testResize);
    positive("test_crop", testCrop);
    if (testCrop > testResize) {
      throw new IllegalArgumentException("test_crop (" + testCrop + ") must not exceed test_resize (" + testResize + ")");
    }
    range("crop_scale", cropScale, 0, 1);
    range("crop_ratio", cropRatio, 0, Double.MAX_VALUE);
    if (!(erasing >= 0 && erasing <= 1)) {
      throw new IllegalArgumentException("erasing must be a probability in [0, 1], was " + erasing);
    }
    channels("mean", mean);
    channels("std", std);
    if (std.stream().anyMatch(s -> !(s > 0))) {
      throw new IllegalArgumentException("std must hold 3 positive numbers, was " + std);
    }
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be 0 (one per core) or more, was " + threads);
    }
    positive("prefetch", prefetch);
    cropScale = List.copyOf(cropScale);
    cropRatio = List.copyOf(cropRatio);
    mean = List.copyOf(mean);
    std = List.copyOf(std);
  }

  private static void positive(String key, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(key + " must be at least 1, was " + value);
    }
  }

  private static void range(String key, List<Double> range, double min, double max) {
    if (range == null || range.size() != 2 || !(range.get(0) > min) || !(range.get(1) <= max)
        || range.get(0) > range.get(1)) {
      throw new IllegalArgumentException(key + " must be [low, high] with " + min + " < low <= high"
          + (max < Double.MAX_VALUE ? " <= " + max : "") + ", was " + range);
    }
  }

  private static void channels(String key, List<Double> values) {
    if (values == null || values.size() != 3) {
      throw new IllegalArgumentException(key + " must hold 3 numbers (red, green, blue), was " + values);
    }
  }
}
