package dev.affinity.core.discovery;

import ai.djl.Device;
import jakarta.inject.Inject;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * How the core builds a plugin: its one public constructor (or the one marked {@code @Inject}) and the
 * settings record that constructor takes, if any.
 *
 * @param constructor the constructor to call
 * @param settingsType the record the manifest's {@code params:} fill, or null when the plugin has none
 */
public record PluginConstructor(Constructor<?> constructor, Class<? extends Record> settingsType) {

  /** The parameter types, besides one settings record, that a plugin constructor may ask for. */
  public static final List<Class<?>> SERVICES = List.of(Device.class, Random.class);

  /**
   * Finds the constructor of a plugin class.
   *
   * @throws IllegalArgumentException saying what is wrong with the constructors and what would be valid
   */
  public static PluginConstructor of(Class<?> type) {
    List<Constructor<?>> candidates = Arrays.asList(type.getConstructors());
    if (candidates.size() > 1) {
      candidates = candidates.stream().filter(c -> c.isAnnotationPresent(Inject.class)).toList();
    }
    if (candidates.size() != 1) {
      throw new IllegalArgumentException(type.getName() + " needs exactly one public constructor (or one marked "
          + "@jakarta.inject.Inject), has " + type.getConstructors().length);
    }
    Constructor<?> constructor = candidates.get(0);
    Class<? extends Record> settings = null;
    for (Class<?> parameter : constructor.getParameterTypes()) {
      if (parameter.isRecord() && settings == null) {
        settings = parameter.asSubclass(Record.class);
      } else if (!SERVICES.contains(parameter)) {
        throw new IllegalArgumentException(type.getName() + "'s constructor takes " + parameter.getName()
            + ", which the core cannot supply; a plugin constructor may take one settings record, "
            + "ai.djl.Device and java.util.Random");
      }
    }
    return new PluginConstructor(constructor, settings);
  }

  /** The settings record type, if the plugin takes settings. */
  public Optional<Class<? extends Record>> settings() {
    return Optional.ofNullable(settingsType);
  }

  /**
   * The default settings: what the record's public no-argument constructor makes.
   *
   * @return the defaults, or empty when the plugin has no settings or its record has no such constructor
   *     (then every key is required)
   */
  public Optional<Record> defaultSettings() {
    if (settingsType == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(settingsType.getConstructor().newInstance());
    } catch (NoSuchMethodException e) {
      return Optional.empty();
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(settingsType.getName() + "'s defaults are invalid: "
          + e.getCause().getMessage(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot make " + settingsType.getName() + "'s defaults: " + e, e);
    }
  }
}
