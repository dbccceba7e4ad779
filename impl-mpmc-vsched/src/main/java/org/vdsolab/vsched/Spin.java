package org.vdsolab.vsched;

/**
 * The retry step both deques take after a failed attempt: report it to the step hook, hint the
 * CPU that this is a spin loop, and say whether to go on.
 */
final class Spin {

    private Spin() { }

    /**
     * @return false if the calling thread has been interrupted: the operation then gives up and
     *         reports "full" / "empty", so that a harness can stop a thread stuck behind a
     *         livelock or a dead producer (the only way out of a spin both designs have)
     */
    static boolean retry(StepHook hook, StepHook.Op op) {
        hook.at(StepHook.Step.RETRY, op);
        Thread.onSpinWait();
        return !Thread.currentThread().isInterrupted();
    }
}
