package org.vdsolab.experiments.runner.config;

import org.vdsolab.api.spi.Providers;
import org.vdsolab.api.spi.UnknownProviderException;
import org.vdsolab.api.workload.WorkloadProvider;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks a config tree against the schema (experiments/configs/README.md) and turns it into an
 * {@link Experiment}: the runner's keys, then the workload's declared parameters, then every
 * cell through the workload's own {@code validate}. Every problem is reported as a
 * {@link ConfigException} naming where, the key and what is allowed, before anything runs.
 * Thread-safe if the provider lookup is.
 */
public final class ExperimentValidator {

    /** Top-level keys the runner owns; every other key is a workload parameter. */
    public static final Set<String> RUNNER_KEYS = Set.of("experiment", "description", "workload", "run", "quick", "report");
    /** Keys of the {@code run:} block. */
    public static final List<String> RUN_KEYS = List.of("warmup", "repetitions", "seed", "duration_s", "timeout_s", "fork",
            "order_seed", "pin");

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");
    private static final int MAX_REPORTED_ERRORS = 10;

    private final Function<String, WorkloadProvider> workloads;

    /** Finds workloads on the class path through {@link Providers}. */
    public ExperimentValidator() {
        this(name -> Providers.find(WorkloadProvider.class, name));
    }

    /** @param workloads finds a workload by name, throwing {@link UnknownProviderException} if none */
    public ExperimentValidator(Function<String, WorkloadProvider> workloads) {
        this.workloads = workloads;
    }

    /**
     * Validates {@code root} (already merged with {@code --quick} and {@code --set}).
     *
     * @param source the config file as the user named it, for messages about missing keys
     * @throws ConfigException for the first problem in the runner's keys, or for every cell the
     *                         workload rejects (up to ten, each named)
     */
    public Experiment validate(ConfigMap root, String source) {
        Origin fileOrigin = new Origin(source, 0);
        String name = requiredText(root, "experiment", fileOrigin,
                "a name of lower-case letters, digits and '-' (it names the output folder)");
        if (!NAME.matcher(name).matches()) {
            throw ConfigException.at(root.get("experiment").origin(), "experiment", "'" + name
                    + "' is not allowed; use lower-case letters, digits and '-' (it names the output folder)");
        }
        String description = root.get("description") == null ? "" : scalarText(root, "description", "one line of text");
        String workloadName = requiredText(root, "workload", fileOrigin, "the name of a workload provider");
        WorkloadProvider workload;
        try {
            workload = workloads.apply(workloadName);
        } catch (UnknownProviderException e) {
            throw ConfigException.at(root.get("workload").origin(), "workload", e.getMessage());
        }
        RunControl run = runControl(root.get("run"));
        if (run.durationSeconds() > 0 && !workload.honoursDuration()) {
            ConfigNode node = ((ConfigMap) root.get("run")).get("duration_s");
            throw ConfigException.at(node.origin(), "run.duration_s", "workload '" + workload.name()
                    + "' is bounded by its own count and does not stop at a duration; leave run.duration_s at 0"
                    + " and size the run with the workload's count");
        }
        if (root.get("quick") != null && !(root.get("quick") instanceof ConfigMap)) {
            throw ConfigException.at(root.get("quick").origin(), "quick", "must be a map of the keys a --quick run"
                    + " overrides, not " + root.get("quick").shape());
        }

        Map<String, ConfigNode> flat = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : root.entries().entrySet()) {
            if (!RUNNER_KEYS.contains(e.getKey())) {
                flatten(e.getKey(), e.getValue(), flat);
            }
        }
        Set<String> declared = workload.parameters().keySet();
        Map<String, List<ConfigScalar>> values = new LinkedHashMap<>();
        Set<String> swept = new LinkedHashSet<>();
        for (Map.Entry<String, ConfigNode> e : flat.entrySet()) {
            String key = e.getKey();
            // load.fraction is the runner's: it becomes load.rate, for a workload that takes one
            boolean fraction = key.equals(LoadFraction.KEY) && declared.contains(LoadFraction.RATE);
            if (!declared.contains(key) && !fraction) {
                throw ConfigException.at(e.getValue().origin(), key, "unknown key; workload '" + workload.name()
                        + "' accepts " + String.join(", ", new TreeSet<>(declared))
                        + "; the runner's keys are " + String.join(", ", new TreeSet<>(RUNNER_KEYS)));
            }
            values.put(key, parameterValues(key, e.getValue()));
            if (e.getValue() instanceof ConfigList) {
                swept.add(key);
            }
        }
        ReportHints hints = ReportHints.parse(root.get("report"), values.keySet());

        List<Cell> cells = SweepExpander.expand(values, swept);
        validateCells(workload, cells, values, source);
        return new Experiment(source, name, description, workload, run, hints, List.copyOf(swept), cells, root);
    }

    private static void flatten(String key, ConfigNode node, Map<String, ConfigNode> into) {
        if (node instanceof ConfigMap map) {
            if (map.entries().isEmpty()) {
                throw ConfigException.at(map.origin(), key, "an empty map; give its keys or remove it");
            }
            map.entries().forEach((k, v) -> flatten(key + "." + k, v, into));
        } else {
            into.put(key, node);
        }
    }

    private static List<ConfigScalar> parameterValues(String key, ConfigNode node) {
        if (node instanceof ConfigScalar s) {
            if (s.type() == ConfigScalar.Type.NULL) {
                throw ConfigException.at(s.origin(), key, "has no value; give a value or a list of values to sweep");
            }
            return List.of(s);
        }
        ConfigList list = (ConfigList) node;
        if (list.items().isEmpty()) {
            throw ConfigException.at(list.origin(), key, "an empty list; a sweep needs at least one value");
        }
        List<ConfigScalar> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ConfigNode item : list.items()) {
            if (!(item instanceof ConfigScalar s) || s.type() == ConfigScalar.Type.NULL) {
                throw ConfigException.at(item.origin(), key, "a sweep list holds plain values (numbers, names),"
                        + " not " + (item instanceof ConfigScalar ? "null" : item.shape()));
            }
            if (!seen.add(s.text())) {
                throw ConfigException.at(s.origin(), key, "the sweep lists '" + s.text() + "' twice");
            }
            out.add(s);
        }
        return out;
    }

    private RunControl runControl(ConfigNode node) {
        RunControl d = RunControl.defaults();
        if (node == null) {
            return d;
        }
        if (!(node instanceof ConfigMap map)) {
            throw ConfigException.at(node.origin(), "run", "must be a map with keys " + String.join(", ", RUN_KEYS)
                    + ", not " + node.shape());
        }
        for (String key : map.keys()) {
            if (!RUN_KEYS.contains(key)) {
                throw ConfigException.at(map.get(key).origin(), "run." + key, "unknown key; the run block accepts "
                        + String.join(", ", RUN_KEYS));
            }
        }
        int warmup = (int) wholeNumber(map, "warmup", d.warmup(), 0, 1_000_000);
        int repetitions = (int) wholeNumber(map, "repetitions", d.repetitions(), 1, 1_000_000);
        long seed = wholeNumber(map, "seed", d.seed(), Long.MIN_VALUE, Long.MAX_VALUE);
        double duration = seconds(map, "duration_s", d.durationSeconds());
        double timeout = seconds(map, "timeout_s", d.timeoutSeconds());
        boolean fork = bool(map, "fork", d.fork(), "each measured repetition in a fresh JVM, in a shuffled order",
                "every repetition in the runner's JVM, cell by cell");
        long orderSeed = wholeNumber(map, "order_seed", seed, Long.MIN_VALUE, Long.MAX_VALUE);
        boolean pin = bool(map, "pin", d.pin(), "child processes placed on cores round robin with taskset",
                "the OS scheduler places them");
        return new RunControl(warmup, repetitions, seed, duration, timeout, fork, orderSeed, pin);
    }

    private static boolean bool(ConfigMap map, String key, boolean dflt, String whenTrue, String whenFalse) {
        ConfigScalar s = runScalar(map, key);
        if (s == null) {
            return dflt;
        }
        if (s.type() != ConfigScalar.Type.BOOLEAN) {
            throw ConfigException.at(s.origin(), "run." + key, "must be true (" + whenTrue + ") or false (" + whenFalse
                    + "); got '" + s.text() + "'");
        }
        return Boolean.parseBoolean(s.text());
    }

    private static long wholeNumber(ConfigMap map, String key, long dflt, long min, long max) {
        ConfigScalar s = runScalar(map, key);
        if (s == null) {
            return dflt;
        }
        String allowed = min == Long.MIN_VALUE ? "a whole number" : "a whole number from " + min + " to " + max;
        long v;
        try {
            v = Long.parseLong(s.text());
        } catch (NumberFormatException e) {
            throw ConfigException.at(s.origin(), "run." + key, "must be " + allowed + "; got '" + s.text() + "'");
        }
        if (v < min || v > max) {
            throw ConfigException.at(s.origin(), "run." + key, "must be " + allowed + "; got " + v);
        }
        return v;
    }

    private static double seconds(ConfigMap map, String key, double dflt) {
        ConfigScalar s = runScalar(map, key);
        if (s == null) {
            return dflt;
        }
        BigDecimal v;
        try {
            v = new BigDecimal(s.text());
        } catch (NumberFormatException e) {
            throw ConfigException.at(s.origin(), "run." + key, "must be a number of seconds >= 0 (0 = "
                    + (key.equals("timeout_s") ? "no limit" : "bounded by the workload's own count") + "); got '" + s.text() + "'");
        }
        if (v.signum() < 0) {
            throw ConfigException.at(s.origin(), "run." + key, "must be a number of seconds >= 0; got " + s.text());
        }
        return v.doubleValue();
    }

    private static ConfigScalar runScalar(ConfigMap map, String key) {
        ConfigNode node = map.get(key);
        if (node == null) {
            return null;
        }
        if (node instanceof ConfigScalar s && s.type() != ConfigScalar.Type.NULL) {
            return s;
        }
        throw ConfigException.at(node.origin(), "run." + key, "must be a single value; run settings are not swept"
                + (node instanceof ConfigList ? " (got a list)" : ""));
    }

    private static void validateCells(WorkloadProvider workload, List<Cell> cells,
                                      Map<String, List<ConfigScalar>> values, String source) {
        // The same rejection (same place, same message) in several cells is reported once.
        Map<String, List<Cell>> rejections = new LinkedHashMap<>();
        Set<String> valueProblems = new HashSet<>();
        int failedCells = 0;
        for (Cell cell : cells) {
            try {
                String fraction = LoadFraction.problem(cell.params());
                if (fraction != null) {
                    throw new IllegalArgumentException(fraction);
                }
                workload.validate(LoadFraction.forValidation(cell.params()));
            } catch (IllegalArgumentException e) {
                failedCells++;
                String line = describeRejection(e, cell, values, source);
                rejections.computeIfAbsent(line, k -> new ArrayList<>()).add(cell);
                if (e instanceof UnknownProviderException) {
                    valueProblems.add(line);
                }
            }
        }
        if (rejections.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        rejections.forEach((line, where) -> lines.add(valueProblems.contains(line) ? line
                : line + cellsNote(where, cells.size())));
        if (lines.size() == 1) {
            throw new ConfigException(lines.getFirst());
        }
        StringBuilder msg = new StringBuilder(failedCells + " of " + cells.size() + " cells are not valid for workload '"
                + workload.name() + "':");
        for (int i = 0; i < Math.min(lines.size(), MAX_REPORTED_ERRORS); i++) {
            msg.append("\n  ").append(lines.get(i));
        }
        if (lines.size() > MAX_REPORTED_ERRORS) {
            msg.append("\n  ... and ").append(lines.size() - MAX_REPORTED_ERRORS).append(" more");
        }
        throw new ConfigException(msg.toString());
    }

    /**
     * Where a rejection points and what it says: the origin of the value of the key the message
     * names (the workload's contract is to name it; an unknown provider names its value instead,
     * which identifies the key), then the message.
     */
    private static String describeRejection(IllegalArgumentException e, Cell cell, Map<String, List<ConfigScalar>> values,
                                            String source) {
        String key = null;
        if (e instanceof UnknownProviderException u) {
            key = cell.params().entrySet().stream().filter(p -> p.getValue().equals(u.requested())).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
        } else {
            String message = String.valueOf(e.getMessage());
            for (String k : cell.params().keySet()) {
                if ((message.startsWith(k + ":") || message.contains("'" + k + "'")) && (key == null || k.length() > key.length())) {
                    key = k;
                }
            }
        }
        if (key == null) {
            return source + ": " + e.getMessage();
        }
        String value = cell.params().get(key);
        Origin where = values.get(key).stream().filter(s -> s.text().equals(value)).findFirst()
                .map(ConfigScalar::origin).orElse(new Origin(source, 0));
        return where.describe() + ": " + (e instanceof UnknownProviderException ? key + ": " : "") + e.getMessage();
    }

    /** Which cells a rejection concerns, when it is not all of them or the only one. */
    private static String cellsNote(List<Cell> where, int total) {
        if (total == 1) {
            return "";
        }
        if (where.size() == total) {
            return " (every cell)";
        }
        if (where.size() == 1) {
            return " (cell " + where.getFirst().index() + " of " + total + ": " + where.getFirst().label() + ")";
        }
        return " (" + where.size() + " of " + total + " cells, such as cell " + where.getFirst().index() + ": "
                + where.getFirst().label() + ")";
    }

    private static String requiredText(ConfigMap root, String key, Origin fileOrigin, String allowed) {
        if (root.get(key) == null) {
            throw ConfigException.at(fileOrigin, key, "missing; required: " + allowed);
        }
        return scalarText(root, key, allowed);
    }

    private static String scalarText(ConfigMap root, String key, String allowed) {
        ConfigNode node = root.get(key);
        if (node instanceof ConfigScalar s && s.type() != ConfigScalar.Type.NULL) {
            return s.text();
        }
        throw ConfigException.at(node.origin(), key, "must be a single value (" + allowed + "), not "
                + (node instanceof ConfigScalar ? "empty" : node.shape()));
    }
}
