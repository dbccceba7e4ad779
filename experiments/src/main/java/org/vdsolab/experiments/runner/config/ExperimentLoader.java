package org.vdsolab.experiments.runner.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads, overrides and validates a config: the YAML file, then {@code --quick} (the config's
 * {@code quick:} block or the default shrink), then every {@code --set} in order (the command line
 * wins), then validation of every cell. A config with a {@code quick:} block has that block
 * validated on every run too, so a broken smoke configuration is found before it is needed.
 * Thread-safe if its validator is.
 */
public final class ExperimentLoader {

    private final YamlConfigReader reader = new YamlConfigReader();
    private final ExperimentValidator validator;

    public ExperimentLoader() {
        this(new ExperimentValidator());
    }

    public ExperimentLoader(ExperimentValidator validator) {
        this.validator = validator;
    }

    /**
     * @param file  the config file as the user named it
     * @param sets  {@code key=value} overrides in command-line order
     * @param quick whether to apply {@code --quick}
     * @throws ConfigException for any problem, naming where, the key and what is allowed
     */
    public Experiment load(Path file, List<String> sets, boolean quick) {
        ConfigMap parsed = reader.readFile(file);
        List<ConfigOverrides.Assignment> assignments = ConfigOverrides.parseAll(sets);
        String source = file.toString();
        ConfigMap asRun = ConfigOverrides.apply(quick ? QuickMode.apply(parsed) : parsed, assignments);
        Experiment experiment = validator.validate(asRun, source);
        if (!quick && parsed.has("quick")) {
            validator.validate(ConfigOverrides.apply(QuickMode.apply(parsed), assignments), source);
        }
        return experiment;
    }
}
