package dev.affinity.core.wiring;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import com.google.inject.AbstractModule;
import com.google.inject.name.Names;
import dev.affinity.core.manifest.RunPlan;

/**
 * What one run adds to the plugin injector: its plan, its seed and its device. Each run gets a fresh
 * child injector from this module, so nothing of one run leaks into the next.
 */
public final class RunModule extends AbstractModule {

  /** The binding name of the run's seed, a {@code long}. */
  public static final String SEED = "seed";

  private final RunPlan plan;
  private final long seed;
  private final Device device;

  public RunModule(RunPlan plan, long seed, Device device) {
    this.plan = requireNonNull(plan, "plan is null");
    this.seed = seed;
    this.device = requireNonNull(device, "device is null");
  }

  @Override
  protected void configure() {
    bind(RunPlan.class).toInstance(plan);
    bind(Long.class).annotatedWith(Names.named(SEED)).toInstance(seed);
    bind(Device.class).toInstance(device);
    bind(PluginInstantiator.class);
  }
}
