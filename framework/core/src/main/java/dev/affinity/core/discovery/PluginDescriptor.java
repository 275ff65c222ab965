package dev.affinity.core.discovery;

import static java.util.Objects.requireNonNull;

import dev.affinity.spi.PluginKind;

/**
 * What the registry knows of one plugin.
 *
 * @param kind its kind
 * @param name the name manifests use, unique within the kind
 * @param description one line
 * @param type the plugin class, loaded by its own class loader for a jar plugin
 * @param origin bundled or the jar it came from
 * @param spiVersion the SPI version it was compiled against, or null when it carries no stamp
 */
public record PluginDescriptor(
    PluginKind kind, String name, String description, Class<?> type, PluginOrigin origin, String spiVersion) {

  public PluginDescriptor {
    requireNonNull(kind, "kind is null");
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    requireNonNull(type, "type is null");
    requireNonNull(origin, "origin is null");
  }

  /** "attention 'gat' (dev.affinity.plugins.attention.GatAttention, bundled)": how messages name a plugin. */
  public String displayName() {
    return kind.label() + " '" + name + "' (" + type.getName() + ", " + origin + ")";
  }
}
