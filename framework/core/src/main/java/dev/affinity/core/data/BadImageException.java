package dev.affinity.core.data;

/** An image the pipeline could not read, under {@link OnBadImage#FAIL}; the message names it. */
public final class BadImageException extends RuntimeException {

  private final String location;

  BadImageException(String location, Throwable cause) {
    super("cannot read image " + location + ": " + describe(location, cause)
        + " (images.on_bad_image: skip drops such images and counts them)", cause);
    this.location = location;
  }

  /** The image's path, or its generator's name and index. */
  public String location() {
    return location;
  }

  /** The cause's message without a leading "location: ", which the messages around it already give. */
  static String describe(String location, Throwable cause) {
    String message = cause.getMessage();
    if (message == null) {
      return cause.getClass().getSimpleName();
    }
    return message.startsWith(location + ": ") ? message.substring(location.length() + 2) : message;
  }
}
