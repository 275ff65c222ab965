package dev.affinity.core.manifest;

import static java.util.Objects.requireNonNull;

/**
 * A loss a run trains with: the manifest's entry (head, weight) and its plugin with bound settings.
 *
 * @param section the manifest's entry
 * @param plugin the loss plugin and its settings
 */
public record LossChoice(Manifest.LossSection section, PluginChoice plugin) {

  public LossChoice {
    requireNonNull(section, "section is null");
    requireNonNull(plugin, "plugin is null");
  }
}
