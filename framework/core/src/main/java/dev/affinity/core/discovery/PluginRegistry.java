package dev.affinity.core.discovery;

import static java.util.Objects.requireNonNull;

import dev.affinity.spi.PluginKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every plugin discovery found, keyed by (kind, name), and the problems it met on the way.
 *
 * <p>Two plugins of one kind with one name make that name ambiguous: both are kept out of the registry,
 * {@link #require} fails naming both origins, and every other plugin stays usable.
 */
public final class PluginRegistry {

  private final Map<PluginKind, TreeMap<String, PluginDescriptor>> byKind = new EnumMap<>(PluginKind.class);
  private final Map<PluginKind, TreeMap<String, List<PluginDescriptor>>> ambiguous =
      new EnumMap<>(PluginKind.class);
  private final List<LoadProblem> problems;

  /**
   * @param plugins the plugins found, in discovery order (bundled first)
   * @param problems what could not be loaded
   */
  public PluginRegistry(Collection<PluginDescriptor> plugins, Collection<LoadProblem> problems) {
    List<LoadProblem> all = new ArrayList<>(requireNonNull(problems, "problems is null"));
    for (PluginKind kind : PluginKind.values()) {
      byKind.put(kind, new TreeMap<>());
      ambiguous.put(kind, new TreeMap<>());
    }
    Map<PluginKind, Map<String, List<PluginDescriptor>>> grouped = plugins.stream()
        .collect(Collectors.groupingBy(PluginDescriptor::kind, () -> new EnumMap<>(PluginKind.class),
            Collectors.groupingBy(PluginDescriptor::name, TreeMap::new, Collectors.toList())));
    grouped.forEach((kind, names) -> names.forEach((name, same) -> {
      if (same.size() == 1) {
        byKind.get(kind).put(name, same.get(0));
      } else {
        ambiguous.get(kind).put(name, List.copyOf(same));
        all.add(new LoadProblem(same.get(1).origin(), same.get(1).type().getName(), duplicateMessage(kind, name, same)));
      }
    }));
    this.problems = List.copyOf(all);
  }

  /** The plugins of one kind, by name in alphabetical order. */
  public List<PluginDescriptor> plugins(PluginKind kind) {
    return List.copyOf(byKind.get(kind).values());
  }

  /** Every usable plugin, by kind then name. */
  public List<PluginDescriptor> all() {
    return byKind.values().stream().flatMap(m -> m.values().stream()).toList();
  }

  /** The plugin of that kind and name, if exactly one was found. */
  public Optional<PluginDescriptor> find(PluginKind kind, String name) {
    return Optional.ofNullable(byKind.get(kind).get(name));
  }

  /**
   * The plugin of that kind and name.
   *
   * @throws IllegalArgumentException naming the available plugins of the kind and the closest match, or
   *     both origins when the name is ambiguous
   */
  public PluginDescriptor require(PluginKind kind, String name) {
    PluginDescriptor found = byKind.get(kind).get(name);
    if (found != null) {
      return found;
    }
    List<PluginDescriptor> same = ambiguous.get(kind).get(name);
    if (same != null) {
      throw new IllegalArgumentException(duplicateMessage(kind, name, same));
    }
    throw new IllegalArgumentException(unknownMessage(kind, name));
  }

  /** What discovery could not load; empty when everything loaded. */
  public List<LoadProblem> problems() {
    return problems;
  }

  /** "unknown attention 'gta'; did you mean 'gat'? available: dot-product, gat, gatv2". */
  public String unknownMessage(PluginKind kind, String name) {
    return "unknown " + kind.label() + " '" + name + "'" + Suggestion.closest(name,
        List.copyOf(byKind.get(kind).keySet()), "; no " + kind.label() + " plugins are installed", "available");
  }

  private static String duplicateMessage(PluginKind kind, String name, List<PluginDescriptor> same) {
    return "two " + kind.label() + " plugins are named '" + name + "': "
        + same.stream().map(d -> d.type().getName() + " (" + d.origin() + ")").collect(Collectors.joining(" and "))
        + "; remove one jar or rename one plugin";
  }
}
