package org.vdsolab.api.queue.testkit;

import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueCapability;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.testkit.LincheckScenarios.Shape;

import java.util.List;
import java.util.Set;

/**
 * Runs one Lincheck check of one provider: an {@link OperationFamily} in a {@link LincheckMode},
 * with the kit's scenarios ({@link LincheckScenarios}) and the bounded-deque specification
 * ({@link BoundedDequeSpec}), and reports whether Lincheck found a violation.
 *
 * <p>Budget (kept so that every family of one provider, both modes, takes well under a minute on
 * two busy cores): model checking explores {@value #MODEL_SCENARIOS} scenarios (the targeted ones,
 * then random ones of {@value #MODEL_ACTORS_PER_THREAD} operations per thread) with up to
 * {@value #MODEL_INVOCATIONS} interleavings each on 2 threads; stress runs {@value #STRESS_SCENARIOS}
 * scenarios ({@value #STRESS_ACTORS_PER_THREAD} operations per thread) {@value #STRESS_INVOCATIONS}
 * times each on 2 threads (3 for MPMC designs). Queues have
 * capacity {@value #CAPACITY} (so the bound is reached and "full" answers are checked), except
 * for PUSH_SLOT, which gets {@value #SLOT_CAPACITY} slots so that no scenario fills it: while an
 * aborted claim is in flight it holds a slot, which a concurrent push may legitimately see as
 * full, yet no sequential history with abort-as-no-op explains that answer.
 *
 * <p>Checks are serialised on this class (the specification and the test instances receive the
 * target through a static slot). Thread-safe.
 */
public final class LincheckRunner {

    static final int CAPACITY = 4;
    static final int SLOT_CAPACITY = 16;
    static final int MODEL_SCENARIOS = 8;
    static final int MODEL_INVOCATIONS = 120;
    static final int MODEL_ACTORS_PER_THREAD = 2;
    static final int STRESS_SCENARIOS = 8;
    static final int STRESS_INVOCATIONS = 300;
    static final int STRESS_ACTORS_PER_THREAD = 3;

    /**
     * What a check found.
     *
     * @param violation true if Lincheck reported a failure (non-linearizable result, hang, or
     *                  an exception inside an operation)
     * @param report    Lincheck's report when it failed, else a one-line summary
     */
    public record Outcome(boolean violation, String report) { }

    /** Providers whose every family was already run once outside Lincheck (see {@link #warmUp}). */
    private static final Set<String> WARMED = new java.util.HashSet<>();

    static {
        // Classes the operations use, loaded before Lincheck's agent is ever installed.
        BatchMode.values();
        QueueCapability.values();
        OperationFamily.values();
        LincheckScenarios.Op.values();
    }

    private LincheckRunner() { }

    /**
     * Runs the check.
     *
     * @param minimize let Lincheck shrink a failing scenario (slower; worth it for unexpected failures)
     * @throws IllegalArgumentException if the provider does not offer the family
     */
    public static synchronized Outcome run(QueueProvider provider, OperationFamily family, LincheckMode mode, boolean minimize) {
        Set<QueueCapability> caps = provider.capabilities();
        if (!family.supportedBy(caps)) {
            throw new IllegalArgumentException("provider '" + provider.name() + "' does not offer " + family
                    + " (it needs capability " + family.requires() + ")");
        }
        if (WARMED.add(provider.name())) {
            warmUpAllFamilies(provider, caps);
        }
        int threads = mode == LincheckMode.STRESS
                && caps.contains(QueueCapability.MULTI_PRODUCER) && caps.contains(QueueCapability.MULTI_CONSUMER)
                && !caps.contains(QueueCapability.RING_PER_PRODUCER) ? 3 : 2;
        Shape shape = Shape.of(caps, threads);
        int capacity = capacityFor(family);
        QueueSpec spec = new QueueSpec(capacity, QueueOperations.RECORD_BYTES, shape.producers(), shape.consumers());
        provider.validate(spec);
        int usable = provider.usableCapacity(spec);
        int maxBatch = Math.max(LincheckScenarios.MAX_RANDOM_BATCH, usable + 1);
        long seed = ((long) provider.name().hashCode() << 32) ^ (family.ordinal() * 31L + mode.ordinal());
        boolean model = mode == LincheckMode.MODEL_CHECKING;
        int actors = model ? MODEL_ACTORS_PER_THREAD : STRESS_ACTORS_PER_THREAD;
        List<ExecutionScenario> scenarios = LincheckScenarios.build(family, caps, shape, usable,
                model ? MODEL_SCENARIOS : STRESS_SCENARIOS, actors, seed);

        Backend.TestMemory mapped = mode == LincheckMode.STRESS ? mode.backend().open(provider.footprint(spec)) : null;
        LincheckTarget.set(new LincheckTarget(provider, spec, maxBatch, mapped == null ? null : mapped.memory()));
        try {
            Options<?, ?> options = model
                    ? configure(new ModelCheckingOptions(), scenarios, MODEL_INVOCATIONS, threads, actors, minimize)
                    : configure(new StressOptions(), scenarios, STRESS_INVOCATIONS, threads, actors, minimize);
            options.check(QueueOperations.class);
            return new Outcome(false, provider.name() + " " + family + " " + mode + ": " + scenarios.size()
                    + " scenarios, no violation");
        } catch (LincheckAssertionError e) {
            return new Outcome(true, e.getMessage());
        } finally {
            LincheckTarget.set(null);
            if (mapped != null) {
                mapped.close();
            }
        }
    }

    /** {@link #warmUp} of every family the provider offers, over the heap and a mapped file. */
    private static void warmUpAllFamilies(QueueProvider provider, Set<QueueCapability> caps) {
        for (OperationFamily f : OperationFamily.values()) {
            if (!f.supportedBy(caps)) {
                continue;
            }
            Shape shape = Shape.of(caps, 2);
            QueueSpec spec = new QueueSpec(capacityFor(f), QueueOperations.RECORD_BYTES, shape.producers(), shape.consumers());
            try (Backend.TestMemory mapped = Backend.MAPPED.open(provider.footprint(spec))) {
                for (Backend.TestMemory m : new Backend.TestMemory[] {null, mapped}) {
                    LincheckTarget.set(new LincheckTarget(provider, spec, capacityFor(f) + 1, m == null ? null : m.memory()));
                    try {
                        warmUp(f, caps);
                    } finally {
                        LincheckTarget.set(null);
                    }
                }
            }
        }
    }

    private static int capacityFor(OperationFamily family) {
        return family == OperationFamily.PUSH_SLOT ? SLOT_CAPACITY : CAPACITY;
    }

    /**
     * Runs each operation of the family once, sequentially, outside Lincheck, before the
     * provider's first check: every class the provider touches on those paths is then loaded
     * before Lincheck's agent is installed (Lincheck 3.7 fails with ClassNotFoundException when a
     * class, e.g. BatchMode, is loaded for the first time inside a checked thread, and after a
     * hung invocation even outside one).
     */
    private static void warmUp(OperationFamily family, Set<QueueCapability> caps) {
        try {
            warmUpOnce(family, caps);
        } catch (RuntimeException e) {
            // A sequential failure here shows up again, with Lincheck's report, in the check itself.
        }
    }

    private static void warmUpOnce(OperationFamily family, Set<QueueCapability> caps) {
        QueueOperations ops = new QueueOperations();
        long v = 1;
        for (boolean pushes : new boolean[] {true, false}) {
            for (LincheckScenarios.Op op : LincheckScenarios.operations(family, caps, pushes)) {
                switch (op) {
                    case PUSH_BACK -> ops.pushBack(0, v++);
                    case PUSH_FRONT -> ops.pushFront(0, v++);
                    case POP_FRONT -> ops.popFront(0);
                    case POP_BACK -> ops.popBack(0);
                    case PUSH_MULTIPLE_ALL -> ops.pushMultiple(0, v++, 1, true);
                    case PUSH_MULTIPLE_FIT -> ops.pushMultiple(0, v++, 1, false);
                    case POP_MULTIPLE -> ops.popMultiple(0, 2);
                    case SLOT_BACK -> ops.pushSlotBack(0, v++);
                    case SLOT_BACK_ABORTED -> ops.pushSlotBackAborted(0, v++);
                    case SLOT_FRONT -> ops.pushSlotFront(0, v++);
                    case SLOT_FRONT_ABORTED -> ops.pushSlotFrontAborted(0, v++);
                }
            }
        }
    }

    private static <O extends Options<O, ?>> O configure(O options, List<ExecutionScenario> scenarios, int invocations,
                                                          int threads, int actors, boolean minimize) {
        options.iterations(0)
                .invocationsPerIteration(invocations)
                .threads(threads)
                .actorsPerThread(actors)
                .sequentialSpecification(BoundedDequeSpec.class)
                .minimizeFailedScenario(minimize);
        for (ExecutionScenario s : scenarios) {
            options.addCustomScenario(s);
        }
        return options;
    }
}
