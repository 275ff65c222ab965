package dev.affinity.core.wiring;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import com.google.inject.AbstractModule;
import com.google.inject.name.Names;

/**
 * What one run adds to the plugin injector: its seed and its device, from which plugins are made. Each run
 * gets a fresh child injector from this module, so nothing of one run leaks into the next.
 */
public final class RunModule extends AbstractModule {

  /** The binding name of the run's seed, a {@code long}. */
  public static final String SEED = "seed";

  private final long seed;
  private final Device device;

  public RunModule(long seed, Device device) {
    this.seed = seed;
    this.device = requireNonNull(device, "device is null");
  }

  @Override
  protected void configure() {
    bind(Long.class).annotatedWith(Names.named(SEED)).toInstance(seed);
    bind(Device.class).toInstance(device);
    bind(PluginInstantiator.class);
  }
}
