package org.vdsolab.api.queue.testkit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.spi.Providers;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Linearizability of a queue provider, checked with Lincheck: subclass it in the provider's
 * module, name the provider, and every operation family the provider declares is checked by
 * model checking over {@link Backend#HEAP} and by stress over {@link Backend#MAPPED}, against a
 * bounded deque of the provider's usable capacity ({@link BoundedDequeSpec}).
 *
 * <pre>{@code
 * class VschedLincheckTest extends QueueLincheckTest {
 *     @Override protected String providerName() { return "vsched"; }
 * }
 * }</pre>
 *
 * <p>A design with a documented flaw declares the families it is expected to fail in
 * {@link #expectedNonLinearizable()}: for those, model checking (deterministic: the targeted
 * scenarios run first) must report a violation and the test fails if it does not. Stress is not
 * run for a declared family: whether real threads hit a flaw is luck, and a livelocked stress
 * invocation leaves spinning threads behind. See {@link LincheckRunner} for the budget.
 */
@Tag("slow")
public abstract class QueueLincheckTest {

    /** The provider's name, as {@link Providers#find} knows it. */
    protected abstract String providerName();

    /** The provider under test; by default found by name on the class path. */
    protected QueueProvider provider() {
        return Providers.find(QueueProvider.class, providerName());
    }

    /**
     * Families this design is known NOT to be linearizable in (e.g. vsched-classic's mixed-end
     * push near full, in {@link OperationFamily#DEQUE}). Empty by default.
     */
    protected Set<OperationFamily> expectedNonLinearizable() {
        return Set.of();
    }

    @TestFactory
    List<DynamicTest> linearizability() {
        QueueProvider provider = provider();
        Set<OperationFamily> expected = expectedNonLinearizable();
        List<DynamicTest> tests = new ArrayList<>();
        for (OperationFamily family : OperationFamily.values()) {
            boolean supported = family.supportedBy(provider.capabilities());
            if (expected.contains(family)) {
                tests.add(DynamicTest.dynamicTest(family + ": model checking finds the declared violation", () -> {
                    Assertions.assertTrue(supported, "'" + provider.name() + "' declares " + family
                            + " non-linearizable but lacks capability " + family.requires());
                    linearizabilityCheck(family, LincheckMode.MODEL_CHECKING, true);
                }));
            } else if (supported) {
                for (LincheckMode mode : LincheckMode.values()) {
                    tests.add(DynamicTest.dynamicTest(family + ": " + mode + " over " + mode.backend() + " is linearizable",
                            () -> linearizabilityCheck(family, mode, false)));
                }
            }
        }
        return tests;
    }

    /**
     * Runs one check and asserts its outcome: no violation, or (when {@code expectViolation}) a
     * violation.
     */
    public final void linearizabilityCheck(OperationFamily family, LincheckMode mode, boolean expectViolation) {
        QueueProvider provider = provider();
        long start = System.nanoTime();
        LincheckRunner.Outcome outcome = LincheckRunner.run(provider, family, mode, !expectViolation);
        String took = String.format("%.1f s", (System.nanoTime() - start) / 1e9);
        if (expectViolation) {
            Assertions.assertTrue(outcome.violation(), () -> "'" + provider.name() + "' declares " + family
                    + " non-linearizable, but " + mode + " found no violation (" + outcome.report() + ")");
            System.out.println("[testkit] " + provider.name() + " " + family + " " + mode
                    + ": expected violation found (" + took + "):\n" + firstLines(outcome.report(), 40));
        } else {
            Assertions.assertFalse(outcome.violation(), () -> "'" + provider.name() + "' " + family + " under " + mode
                    + " over " + mode.backend() + " is not linearizable:\n" + outcome.report());
            System.out.println("[testkit] " + outcome.report() + " (" + took + ")");
        }
    }

    private static String firstLines(String text, int lines) {
        String[] all = text.split("\n", lines + 1);
        return String.join("\n", java.util.Arrays.asList(all).subList(0, Math.min(lines, all.length)));
    }
}
