package dev.affinity.core.manifest;

import static java.util.Objects.requireNonNull;

import dev.affinity.core.discovery.PluginDescriptor;
import java.util.Optional;

/**
 * A plugin a manifest chose, with its settings bound and validated.
 *
 * @param plugin the plugin
 * @param settings its settings record, or null when the plugin takes none
 */
public record PluginChoice(PluginDescriptor plugin, Record settings) {

  public PluginChoice {
    requireNonNull(plugin, "plugin is null");
  }

  /** The settings, if the plugin takes any. */
  public Optional<Record> settingsRecord() {
    return Optional.ofNullable(settings);
  }

  /** The plugin's name. */
  public String name() {
    return plugin.name();
  }
}
