package org.vdsolab.experiments.runner.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A YAML map in a config, keys in file order (the order sweeps expand in). Immutable: the
 * {@code with}/{@code without} methods return modified copies, which is how overrides are applied.
 */
public final class ConfigMap implements ConfigNode {

    private final Map<String, ConfigNode> entries;
    private final Origin origin;

    public ConfigMap(Map<String, ConfigNode> entries, Origin origin) {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        this.origin = origin;
    }

    /** An empty map with the given origin. */
    public static ConfigMap empty(Origin origin) {
        return new ConfigMap(Map.of(), origin);
    }

    @Override
    public Origin origin() {
        return origin;
    }

    @Override
    public String shape() {
        return "a map";
    }

    /** The entries in file order (unmodifiable). */
    public Map<String, ConfigNode> entries() {
        return entries;
    }

    public Set<String> keys() {
        return entries.keySet();
    }

    public ConfigNode get(String key) {
        return entries.get(key);
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** A copy with {@code key} set to {@code value}; an existing key keeps its position. */
    public ConfigMap with(String key, ConfigNode value) {
        Map<String, ConfigNode> copy = new LinkedHashMap<>(entries);
        copy.put(key, value);
        return new ConfigMap(copy, origin);
    }

    /** A copy without {@code key}. */
    public ConfigMap without(String key) {
        Map<String, ConfigNode> copy = new LinkedHashMap<>(entries);
        copy.remove(key);
        return new ConfigMap(copy, origin);
    }

    /**
     * A deep merge: {@code overlay}'s keys replace this map's, except that where both sides hold
     * a map the two are merged recursively. Used for the {@code quick:} block.
     */
    public ConfigMap merge(ConfigMap overlay) {
        Map<String, ConfigNode> copy = new LinkedHashMap<>(entries);
        for (Map.Entry<String, ConfigNode> e : overlay.entries.entrySet()) {
            ConfigNode mine = copy.get(e.getKey());
            if (mine instanceof ConfigMap m && e.getValue() instanceof ConfigMap o) {
                copy.put(e.getKey(), m.merge(o));
            } else {
                copy.put(e.getKey(), e.getValue());
            }
        }
        return new ConfigMap(copy, origin);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigMap m && m.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "ConfigMap" + entries;
    }
}
