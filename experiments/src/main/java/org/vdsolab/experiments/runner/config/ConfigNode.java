package org.vdsolab.experiments.runner.config;

/**
 * One value of an experiment config as read from YAML or a {@code --set} override: a map, a list
 * or a scalar, each remembering its {@link Origin}. Immutable, so thread-safe.
 */
public sealed interface ConfigNode permits ConfigMap, ConfigList, ConfigScalar {

    /** Where this value was written. */
    Origin origin();

    /** A short name of the value's shape for error messages: "a map", "a list", "a scalar". */
    String shape();
}
