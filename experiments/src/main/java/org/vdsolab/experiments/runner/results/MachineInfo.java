package org.vdsolab.experiments.runner.results;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The machine a run measured on, as far as Linux lets an unprivileged process read it: what a
 * reader needs to judge whether two runs are comparable. {@code summary.json}'s
 * {@code environment.machine}. Immutable.
 *
 * @param cpuModel      {@code model name} from /proc/cpuinfo, or "unknown"
 * @param physicalCores distinct (physical id, core id) pairs in /proc/cpuinfo, 0 when unknown
 * @param smt           "on", "off" or "unknown" (/sys/devices/system/cpu/smt/active)
 * @param governor      cpu0's frequency governor, or "unknown" (no cpufreq, as in most VMs)
 * @param kernel        the kernel release ({@code os.version})
 * @param jvmFlags      the runner JVM's input arguments
 */
public record MachineInfo(String cpuModel, int physicalCores, String smt, String governor, String kernel,
                          List<String> jvmFlags) {

    /** What a summary written before machines were described reads as. */
    public static final MachineInfo UNKNOWN = new MachineInfo("unknown", 0, "unknown", "unknown", "unknown", List.of());

    public MachineInfo {
        jvmFlags = List.copyOf(jvmFlags);
    }

    /** This machine and JVM, now. */
    public static MachineInfo capture() {
        return capture(Path.of("/"), System.getProperty("os.version", "unknown"),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    /** The machine whose /proc and /sys are under {@code root} (a test passes a fake tree). */
    static MachineInfo capture(Path root, String kernel, List<String> jvmFlags) {
        String model = "unknown";
        Set<String> cores = new HashSet<>();
        String physical = "0";
        for (String line : lines(root.resolve("proc/cpuinfo"))) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "model name" -> model = model.equals("unknown") ? value : model;
                case "physical id" -> physical = value;
                case "core id" -> cores.add(physical + "/" + value);
                default -> { }
            }
        }
        String smt = switch (firstLine(root.resolve("sys/devices/system/cpu/smt/active"))) {
            case "1" -> "on";
            case "0" -> "off";
            default -> "unknown";
        };
        String governor = firstLine(root.resolve("sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"));
        return new MachineInfo(model, cores.size(), smt, governor.isEmpty() ? "unknown" : governor, kernel, jvmFlags);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | SecurityException e) {
            return List.of(); // not Linux, or not readable here: the fields say "unknown"
        }
    }

    private static String firstLine(Path file) {
        List<String> lines = lines(file);
        return lines.isEmpty() ? "" : lines.getFirst().trim();
    }
}
