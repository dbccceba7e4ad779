package org.vdsolab.vsched;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A step hook for single-thread scripted interleavings: runs one action the first time a chosen
 * operation reaches a chosen step (the action runs other operations inline, on the same thread,
 * while the first one is stopped there), counts every event, and throws
 * {@link StepBudgetExceeded} once more than a budget of RETRY steps were taken, so that a
 * livelocked operation ends after a bounded number of steps.
 */
final class ScriptedHook implements StepHook {

    /** Thrown out of a livelocked operation when its retry budget is used up. */
    static final class StepBudgetExceeded extends RuntimeException {
        StepBudgetExceeded(long retries, Op op) {
            super(op + " still spinning after " + retries + " retries");
        }
    }

    private final AtomicLongArray counts = new AtomicLongArray(Step.values().length * Op.values().length);
    private Step actionStep;
    private Op actionOp;
    private Runnable action;
    private volatile long retryBudget = Long.MAX_VALUE;
    private volatile long retriesSinceBudget;

    /** Runs {@code inline} once, the first time {@code op} reaches {@code step}. */
    ScriptedHook once(Step step, Op op, Runnable inline) {
        this.actionStep = step;
        this.actionOp = op;
        this.action = inline;
        return this;
    }

    /** From now on, throw after {@code budget} more RETRY steps. */
    ScriptedHook retryBudget(long budget) {
        this.retriesSinceBudget = 0;
        this.retryBudget = budget;
        return this;
    }

    long count(Step step, Op op) {
        return counts.get(step.ordinal() * Op.values().length + op.ordinal());
    }

    @Override public void at(Step step, Op op) {
        counts.incrementAndGet(step.ordinal() * Op.values().length + op.ordinal());
        if (step == Step.RETRY && ++retriesSinceBudget > retryBudget) {
            throw new StepBudgetExceeded(retriesSinceBudget - 1, op);
        }
        if (action != null && step == actionStep && op == actionOp) {
            Runnable run = action;
            action = null; // fire once; operations run inline below see no action
            run.run();
        }
    }
}
