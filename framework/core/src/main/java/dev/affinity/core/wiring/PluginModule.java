package dev.affinity.core.wiring;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.name.Names;
import dev.affinity.core.discovery.PluginDescriptor;
import dev.affinity.core.discovery.PluginRegistry;
import dev.affinity.spi.PluginKind;

/**
 * The registry as Guice sees it: the registry itself, and per kind a map from plugin name to descriptor,
 * injectable as {@code @Named("attention") Map<String, PluginDescriptor>}. This is the parent of every
 * run's injector; nothing in it depends on a manifest.
 */
public final class PluginModule extends AbstractModule {

  private final PluginRegistry registry;

  public PluginModule(PluginRegistry registry) {
    this.registry = requireNonNull(registry, "registry is null");
  }

  @Override
  protected void configure() {
    bind(PluginRegistry.class).toInstance(registry);
    for (PluginKind kind : PluginKind.values()) {
      MapBinder<String, PluginDescriptor> byName =
          MapBinder.newMapBinder(binder(), String.class, PluginDescriptor.class, Names.named(kind.label()));
      for (PluginDescriptor plugin : registry.plugins(kind)) {
        byName.addBinding(plugin.name()).toInstance(plugin);
      }
    }
  }
}
