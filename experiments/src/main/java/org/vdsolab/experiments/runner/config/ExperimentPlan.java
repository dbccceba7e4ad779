package org.vdsolab.experiments.runner.config;

import java.util.List;

/**
 * What one config file runs: a single experiment, or the parts of a multi-part config (a
 * {@code parts:} list) in file order, every part's every cell validated. Immutable.
 *
 * @param source      the config file as the user named it
 * @param name        the {@code experiment} key
 * @param description the top-level {@code description}, or ""
 * @param parts       the parts in order; exactly one, named "", for a single-workload config
 * @param file        the config as read from the file (before {@code --quick} and {@code --set}); for a
 *                    multi-part run it is the top-level {@code config.yaml}, each part's own config.yaml
 *                    recording that part as run
 * @param multiPart   whether the config has {@code parts:}
 */
public record ExperimentPlan(String source, String name, String description, List<ExperimentPart> parts, ConfigMap file,
                             boolean multiPart) {

    public ExperimentPlan {
        parts = List.copyOf(parts);
    }

    /** A plan of one single-workload experiment. */
    public static ExperimentPlan single(Experiment experiment, ConfigMap file) {
        return new ExperimentPlan(experiment.source(), experiment.name(), experiment.description(),
                List.of(new ExperimentPart("", experiment)), file, false);
    }

    /** The single experiment of a single-workload plan. */
    public Experiment only() {
        if (multiPart) {
            throw new IllegalStateException(name + " has " + parts.size() + " parts, not one experiment");
        }
        return parts.getFirst().experiment();
    }

    /** Cells over every part. */
    public int cellCount() {
        return parts.stream().mapToInt(p -> p.experiment().cells().size()).sum();
    }
}
