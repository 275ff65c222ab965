package dev.affinity.core.data;

/** What the image pipeline does with an image that is missing or cannot be decoded. */
public enum OnBadImage {
  /** Stop with a {@link BadImageException} that names the image. */
  FAIL,
  /**
   * Drop the image from its batch; the pipeline logs it the first time and counts it
   * ({@link ImagePipeline#skippedImages()}, {@link ImagePipeline#skippedLocations()}).
   */
  SKIP
}
