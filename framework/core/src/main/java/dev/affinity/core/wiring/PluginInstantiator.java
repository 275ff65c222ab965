package dev.affinity.core.wiring;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import com.google.inject.AbstractModule;
import com.google.inject.ConfigurationException;
import com.google.inject.CreationException;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import com.google.inject.name.Named;
import dev.affinity.core.discovery.PluginConstructor;
import dev.affinity.core.discovery.PluginDescriptor;
import dev.affinity.core.manifest.PluginChoice;
import jakarta.inject.Inject;
import java.util.Random;

/**
 * Makes plugin instances for one run: each in its own small child injector that binds the plugin's
 * settings, a {@link Random} seeded from the run's seed and the plugin's name, and the run's
 * {@link Device}, then calls the plugin's constructor.
 */
public final class PluginInstantiator {

  private final Injector runInjector;
  private final long seed;

  @Inject
  PluginInstantiator(Injector runInjector, @Named(RunModule.SEED) long seed) {
    this.runInjector = requireNonNull(runInjector, "runInjector is null");
    this.seed = seed;
  }

  /**
   * The instantiator of a run: a child of the plugin injector with the run's seed and device.
   *
   * @param plugins an injector made from {@link PluginModule}
   */
  public static PluginInstantiator forRun(Injector plugins, long seed, Device device) {
    return plugins.createChildInjector(new RunModule(seed, device)).getInstance(PluginInstantiator.class);
  }

  /**
   * A new instance of the chosen plugin.
   *
   * @param choice the plugin and its settings
   * @param contract the kind's interface
   * @throws PluginException when the constructor throws, naming the plugin and where it came from
   */
  public <T> T create(PluginChoice choice, Class<T> contract) {
    PluginDescriptor plugin = choice.plugin();
    if (!contract.isAssignableFrom(plugin.type())) {
      throw new IllegalArgumentException(plugin.displayName() + " is not a " + contract.getName());
    }
    PluginConstructor constructor = PluginConstructor.of(plugin.type());
    Random random = new Random(mix(seed, plugin.kind().label() + ":" + plugin.name()));
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(plugin.type().getClassLoader());
    try {
      Injector pluginInjector = runInjector.createChildInjector(new AbstractModule() {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        protected void configure() {
          choice.settingsRecord().ifPresent(s -> bind((Class) constructor.settingsType()).toInstance(s));
          bind(Random.class).toInstance(random);
          bind((Class) plugin.type()).toConstructor(constructor.constructor());
        }
      });
      return contract.cast(pluginInjector.getInstance(plugin.type()));
    } catch (ProvisionException | CreationException | ConfigurationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new PluginException(plugin.displayName() + " could not be created: "
          + cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** A seed for one plugin: the run's seed and the plugin's name, well mixed (SplitMix64's finalizer). */
  static long mix(long seed, String name) {
    long z = seed * 0x9E3779B97F4A7C15L + name.hashCode();
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
