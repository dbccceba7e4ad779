package org.vdsolab.experiments.runner.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads, overrides and validates a config: the YAML file, then {@code --quick} (the config's
 * {@code quick:} block or the default shrink), then every {@code --set} in order (the command line
 * wins), then validation of every cell. A config with a {@code quick:} block has that block
 * validated on every run too, so a broken smoke configuration is found before it is needed.
 *
 * <p>A multi-part config ({@code parts:}, see {@link PartsConfig}) is split into its parts first;
 * each part then goes through the same steps. A {@code --set key=value} applies to every part; a
 * {@code --set parts.<name>.key=value} to that part only. Every part is validated before any
 * error is reported, and each error names its part. Thread-safe if its validator is.
 */
public final class ExperimentLoader {

    private static final int MAX_REPORTED_PARTS = 10;

    private final YamlConfigReader reader = new YamlConfigReader();
    private final ExperimentValidator validator;

    public ExperimentLoader() {
        this(new ExperimentValidator());
    }

    public ExperimentLoader(ExperimentValidator validator) {
        this.validator = validator;
    }

    /**
     * Loads a single-workload config.
     *
     * @param file  the config file as the user named it
     * @param sets  {@code key=value} overrides in command-line order
     * @param quick whether to apply {@code --quick}
     * @throws ConfigException for any problem, naming where, the key and what is allowed, and when
     *                         the config has {@code parts:} (use {@link #loadPlan})
     */
    public Experiment load(Path file, List<String> sets, boolean quick) {
        ExperimentPlan plan = loadPlan(file, sets, quick);
        if (plan.multiPart()) {
            throw new ConfigException(file + ": parts: this config has " + plan.parts().size()
                    + " parts; only a single-workload config is allowed here");
        }
        return plan.only();
    }

    /**
     * Loads a single-workload or a multi-part config.
     *
     * @throws ConfigException for any problem; for a multi-part config, every part's problems
     *                         (up to ten parts), each prefixed with {@code part '<name>'}
     */
    public ExperimentPlan loadPlan(Path file, List<String> sets, boolean quick) {
        ConfigMap parsed = reader.readFile(file);
        List<ConfigOverrides.Assignment> assignments = ConfigOverrides.parseAll(sets);
        String source = file.toString();
        if (!PartsConfig.isMultiPart(parsed)) {
            return ExperimentPlan.single(loadOne(parsed, assignments, quick, source), parsed);
        }
        List<PartsConfig.RawPart> raw = PartsConfig.parts(parsed);
        Set<String> names = raw.stream().map(PartsConfig.RawPart::name).collect(Collectors.toSet());
        for (ConfigOverrides.Assignment a : assignments) {
            if (isPartTargeted(a) && (a.path().size() < 3 || !names.contains(a.path().get(1)))) {
                throw new ConfigException("--set " + a.argument() + ": " + a.key() + ": a part override is"
                        + " parts.<part>.<key>=value with <part> one of " + String.join(", ", PartsConfig.names(parsed)));
            }
        }
        List<ExperimentPart> parts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (PartsConfig.RawPart part : raw) {
            List<ConfigOverrides.Assignment> mine = new ArrayList<>();
            for (ConfigOverrides.Assignment a : assignments) {
                if (!isPartTargeted(a)) {
                    mine.add(a);
                } else if (a.path().get(1).equals(part.name())) {
                    mine.add(new ConfigOverrides.Assignment(a.path().subList(2, a.path().size()), a.value(), a.argument()));
                }
            }
            try {
                parts.add(new ExperimentPart(part.name(), loadOne(PartsConfig.effective(parsed, part), mine, quick, source)));
            } catch (ConfigException e) {
                problems.add("part '" + part.name() + "': " + e.getMessage().replace("\n", "\n  "));
            }
        }
        if (problems.size() == 1) {
            throw new ConfigException(problems.getFirst());
        }
        if (!problems.isEmpty()) {
            StringBuilder msg = new StringBuilder(problems.size() + " of " + raw.size() + " parts of " + source
                    + " are not valid:");
            problems.stream().limit(MAX_REPORTED_PARTS).forEach(p -> msg.append("\n  ").append(p));
            throw new ConfigException(msg.toString());
        }
        String description = parsed.get("description") instanceof ConfigScalar d && d.type() != ConfigScalar.Type.NULL
                ? d.text() : "";
        return new ExperimentPlan(source, ((ConfigScalar) parsed.get("experiment")).text(), description, parts, parsed, true);
    }

    private static boolean isPartTargeted(ConfigOverrides.Assignment a) {
        return a.path().getFirst().equals(PartsConfig.KEY);
    }

    private Experiment loadOne(ConfigMap parsed, List<ConfigOverrides.Assignment> assignments, boolean quick, String source) {
        ConfigMap asRun = ConfigOverrides.apply(quick ? QuickMode.apply(parsed) : parsed, assignments);
        Experiment experiment = validator.validate(asRun, source);
        if (!quick && parsed.has("quick")) {
            validator.validate(ConfigOverrides.apply(QuickMode.apply(parsed), assignments), source);
        }
        return experiment;
    }
}
