package org.vdsolab.experiments.runner.results;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

/**
 * Where and when a run happened: {@code summary.json}'s {@code environment}. Immutable.
 *
 * @param jdk     the Java runtime's vendor and version
 * @param os      operating system name, version and architecture
 * @param cpus    processors available to the JVM
 * @param commit  {@code git rev-parse HEAD} of the working directory, or "unknown"
 * @param started ISO-8601 UTC instant the run started
 * @param machine the CPU, SMT, governor, kernel and JVM flags ({@link MachineInfo#UNKNOWN} in
 *                summaries written before machines were described)
 */
public record EnvironmentInfo(String jdk, String os, int cpus, String commit, String started, MachineInfo machine) {

    /** An environment whose machine is not described. */
    public EnvironmentInfo(String jdk, String os, int cpus, String commit, String started) {
        this(jdk, os, cpus, commit, started, MachineInfo.UNKNOWN);
    }

    /** The environment of this JVM, now. */
    public static EnvironmentInfo capture() {
        String jdk = System.getProperty("java.vendor", "?") + " " + System.getProperty("java.runtime.version",
                System.getProperty("java.version", "?"));
        String os = System.getProperty("os.name", "?") + " " + System.getProperty("os.version", "?") + " "
                + System.getProperty("os.arch", "?");
        return new EnvironmentInfo(jdk, os, Runtime.getRuntime().availableProcessors(), gitCommit(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), MachineInfo.capture());
    }

    /** {@code git rev-parse HEAD} in the current directory, or "unknown" when git or a repository is missing. */
    static String gitCommit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            git.getOutputStream().close();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            if (!git.waitFor(5, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                return "unknown";
            }
            return git.exitValue() == 0 && out.matches("[0-9a-f]{7,64}") ? out : "unknown";
        } catch (java.io.IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
