package dev.affinity.core.wiring;

/** A plugin failed while the core used it; the message names the plugin and where it came from. */
public final class PluginException extends RuntimeException {

  public PluginException(String message, Throwable cause) {
    super(message, cause);
  }
}
