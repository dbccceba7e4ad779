package org.vdsolab.vsched;

/**
 * Package-private observation points inside the deque algorithms, so that a test can stop one
 * operation at a chosen step, run others, and let it continue: a scripted, deterministic
 * interleaving on one thread, and a step budget that bounds a livelock.
 *
 * <p>Production queues use {@link #NONE}, a {@code static final} no-op. With no other
 * implementation loaded (outside tests), the JIT's class-hierarchy analysis inlines every call to
 * an empty body, so the hooks cost nothing on the hot path. Never called with a lock held or
 * with anything allocated. Implementations are called from the operating thread.
 */
interface StepHook {

    /** The hook of every queue made by a provider: does nothing. */
    StepHook NONE = new NoSteps();

    /** Called when operation {@code op} reaches {@code step}. May run other queue operations, or throw to abort a test. */
    void at(Step step, Op op);

    /** Where an operation is. */
    enum Step {
        /** The index snapshot is taken and the full/empty check passed; nothing claimed yet. */
        AFTER_SNAPSHOT,
        /** The slot state (or a run of them) is claimed; the index word is not moved yet. */
        AFTER_SLOT_CLAIM,
        /** The index word is moved; a push has not written its data yet. */
        AFTER_INDEX_MOVE,
        /** The attempt failed (changed snapshot, busy slot, lost CAS) and the operation spins to retry. */
        RETRY
    }

    /** Which operation. Pushes through a slot handle report PUSH_BACK / PUSH_FRONT. */
    enum Op { PUSH_BACK, PUSH_FRONT, POP_FRONT, POP_BACK, PUSH_MULTIPLE, POP_MULTIPLE }

    /** The production hook. */
    final class NoSteps implements StepHook {
        private NoSteps() { }

        @Override public void at(Step step, Op op) {
            // Nothing: production queues are not observed.
        }
    }
}
