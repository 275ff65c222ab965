package dev.affinity.core.data;

/** What the image pipeline does with an image that is missing or cannot be decoded. */
public enum OnBadImage {
  /** Stop with a {@link BadImageException} that names the image. */
  FAIL,
  /** Drop the image from its batch, log it once and count it ({@link ImagePipeline#skippedImages()}). */
  SKIP
}
