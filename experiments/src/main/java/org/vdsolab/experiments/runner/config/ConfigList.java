package org.vdsolab.experiments.runner.config;

import java.util.List;

/**
 * A YAML list in a config: for a parameter, the values to sweep. Immutable.
 *
 * @param items  the elements in file order
 * @param origin where the list starts
 */
public record ConfigList(List<ConfigNode> items, Origin origin) implements ConfigNode {

    public ConfigList {
        items = List.copyOf(items);
    }

    @Override
    public String shape() {
        return "a list";
    }
}
