package org.vdsolab.experiments.vdso.demo;

import org.vdsolab.api.process.CleanupRegistry;
import org.vdsolab.api.loader.Domain;
import org.vdsolab.api.loader.DomainKind;
import org.vdsolab.api.loader.DomainRun;
import org.vdsolab.api.loader.KernelDomain;
import org.vdsolab.api.loader.LibraryRegistry;
import org.vdsolab.api.loader.VdsoLoader;
import org.vdsolab.api.memory.SharedRegion;
import org.vdsolab.api.spi.Providers;
import org.vdsolab.api.workload.LatencyRecorder;
import org.vdsolab.api.workload.WorkloadContext;
import org.vdsolab.api.workload.WorkloadProvider;
import org.vdsolab.api.workload.WorkloadResult;
import org.vdsolab.experiments.vdso.example.SharedCounter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code loader-demo}: the vDSO loader's demonstration. A kernel domain offers the example
 * library {@code counter}; an in-JVM user domain ({@value #USER_JVM}), a separate-process user domain
 * ({@value #USER_PROCESS}) and the kernel itself each bind it and increment it (the kernel
 * {@code calls} times, {@value #USER_JVM} twice that, {@value #USER_PROCESS} three times, so every
 * private count differs); a fourth user domain ({@value #USER_IDLE}) runs but never calls it.
 *
 * <p>Counters: {@code private_<domain>} (each domain's private count, as its copy of the library
 * reports it), {@code shared_total} (the shared counter as the kernel reads it at the end; equals
 * the sum of the private counts), {@code expected_total}, {@code mapped_<domain>} (1 if the
 * registry shows the domain mapped the library, else 0), {@code map_time_ms_<domain>} (when the
 * mapping happened, in ms after the kernel booted; 0 if never) and {@code map_cost_us_<domain>}
 * (how long mapping took). Latency samples: the map cost of each domain that mapped. Operations:
 * calls made; elapsed: from starting the programs to the last one finishing.
 *
 * <p>Stateless and thread-safe; each run boots its own kernel in a fresh folder under /dev/shm
 * (or the temp folder) and deletes it afterwards.
 */
public final class LoaderDemoWorkload implements WorkloadProvider {

    static final String KERNEL = "kernel";
    static final String USER_JVM = "user_jvm";
    static final String USER_PROCESS = "user_process";
    static final String USER_IDLE = "user_idle";
    static final List<String> DOMAINS = List.of(KERNEL, USER_JVM, USER_PROCESS, USER_IDLE);

    private static final Map<String, String> DEFAULTS = Map.of("calls", "100000", "cpus", "4", "idle_mode", "processes",
            "timeout_s", "120");

    @Override public String name() { return "loader-demo"; }

    @Override
    public String description() {
        return "vDSO loader demonstration: kernel, in-JVM and process user domains share a counter, keep private counts,"
                + " and a domain that never calls the library never maps it";
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("calls", "increments by the kernel; user_jvm makes 2x and user_process 3x as many (1..100000000, default 100000)");
        p.put("cpus", "CPUs in the vvar, per-CPU copies of the counter's statistics (1..64, default 4)");
        p.put("idle_mode", "where the never-calling domain runs: threads (in this JVM) | processes (its own JVM) (default processes)");
        p.put("timeout_s", "seconds each domain's program may take before the run fails (1..3600, default 120)");
        return p;
    }

    @Override
    public void validate(Map<String, String> params) {
        for (String key : params.keySet()) {
            if (!parameters().containsKey(key)) {
                throw new IllegalArgumentException("loader-demo has no parameter '" + key + "'; its parameters are "
                        + parameters().keySet());
            }
        }
        number(params, "calls", 1, 100_000_000);
        number(params, "cpus", 1, 64);
        number(params, "timeout_s", 1, 3600);
        idleKind(params);
    }

    private static long number(Map<String, String> params, String key, long min, long max) {
        String v = params.getOrDefault(key, DEFAULTS.get(key));
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("loader-demo parameter '" + key + "' = '" + v + "' is not a whole number; allowed: "
                    + min + ".." + max);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("loader-demo parameter '" + key + "' = " + n + " is outside " + min + ".." + max);
        }
        return n;
    }

    private static DomainKind idleKind(Map<String, String> params) {
        String v = params.getOrDefault("idle_mode", DEFAULTS.get("idle_mode")).trim();
        return switch (v) {
            case "threads" -> DomainKind.USER_IN_JVM;
            case "processes" -> DomainKind.USER_PROCESS;
            default -> throw new IllegalArgumentException("loader-demo parameter 'idle_mode' = '" + v
                    + "' is not allowed; use threads or processes");
        };
    }

    @Override
    public WorkloadResult run(WorkloadContext context) throws Exception {
        Map<String, String> params = context.params();
        validate(params);
        long calls = number(params, "calls", 1, 100_000_000);
        int cpus = (int) number(params, "cpus", 1, 64);
        Duration timeout = Duration.ofSeconds(number(params, "timeout_s", 1, 3600));
        DomainKind idleKind = idleKind(params);
        VdsoLoader loader = Providers.find(VdsoLoader.class, "default");
        Path dir = Files.createTempDirectory(SharedRegion.defaultDirectory(), "vdsolab-loader-demo-");
        CleanupRegistry.global().register(dir); // the folder with the regions in it, if the run ends early
        try (KernelDomain kernel = loader.boot(KERNEL, dir, cpus)) {
            kernel.offer(SharedCounter.class);
            Domain jvm = kernel.userDomain(USER_JVM, DomainKind.USER_IN_JVM);
            Domain process = kernel.userDomain(USER_PROCESS, DomainKind.USER_PROCESS);
            Domain idle = kernel.userDomain(USER_IDLE, idleKind);

            long start = System.nanoTime();
            // The process first: its JVM takes longest to start.
            Map<String, DomainRun> runs = new LinkedHashMap<>();
            runs.put(USER_PROCESS, process.start(CounterCallerProgram.class, caller(3 * calls, 2 % cpus)));
            runs.put(USER_IDLE, idle.start(IdleProgram.class, Map.of()));
            runs.put(USER_JVM, jvm.start(CounterCallerProgram.class, caller(2 * calls, 1 % cpus)));
            runs.put(KERNEL, kernel.start(CounterCallerProgram.class, caller(calls, 0)));
            Map<String, Long> counters = new LinkedHashMap<>();
            long privateSum = 0;
            for (Map.Entry<String, DomainRun> r : runs.entrySet()) {
                long p = r.getValue().await(timeout).getOrDefault("private", 0L);
                counters.put("private_" + r.getKey(), p);
                privateSum += p;
            }
            long elapsed = System.nanoTime() - start;

            long sharedTotal = kernel.bind(SharedCounter.class).sharedTotal();
            counters.put("shared_total", sharedTotal);
            counters.put("expected_total", 6 * calls);
            LibraryRegistry registry = kernel.registry();
            Instant booted = registry.bootedAt();
            LatencyRecorder latency = context.latencyRecorder();
            for (String d : DOMAINS) {
                var mapping = registry.mapping(d, "counter");
                counters.put("mapped_" + d, mapping.isPresent() ? 1L : 0L);
                counters.put("map_time_ms_" + d, mapping.map(m -> Duration.between(booted, m.mappedAt()).toMillis()).orElse(0L));
                counters.put("map_cost_us_" + d, mapping.map(m -> m.mapNanos() / 1_000).orElse(0L));
                mapping.ifPresent(m -> latency.record(m.mapNanos()));
            }
            if (sharedTotal != privateSum) {
                throw new IllegalStateException("loader-demo: the shared counter reads " + sharedTotal
                        + " but the domains' private counts add up to " + privateSum);
            }
            return new WorkloadResult(6 * calls, elapsed, counters);
        } finally {
            deleteTree(dir);
            CleanupRegistry.global().forget(dir);
        }
    }

    private static Map<String, String> caller(long calls, int cpu) {
        return Map.of("calls", Long.toString(calls), "cpu", Integer.toString(cpu));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
