package org.vdsolab.experiments.runner.config;

/**
 * One part of a multi-part config ({@code parts:}): its name, which names its sub-folder of the
 * run folder, and the validated experiment it runs. Immutable.
 *
 * @param name       the part's {@code name} key ({@code [a-z0-9-]+}); "" for a single-workload config
 * @param experiment the part as a single-workload experiment: the top-level keys merged with the part's own
 */
public record ExperimentPart(String name, Experiment experiment) { }
