package org.vdsolab.api.uring;

import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.record.Sqe;

import org.vdsolab.api.testing.StallGuard;
import java.util.BitSet;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user domain that keeps submitting across kernel deaths, and its bookkeeping: request i has
 * user_data i and is a WRITE of {@link #LEN} bytes to fd 0 (so its correct result is LEN). Every
 * request must end exactly once: completed (its CQE delivered, once) or failed by
 * {@link InFlightRequests#expire} (once); no CQE may be unknown. Test helper, not thread-safe.
 */
final class RestartLedger {

    static final int LEN = 64;
    /** Requests older than this, submitted under an earlier kernel generation, are failed. */
    static final long DEADLINE_NANOS = 100_000_000L;

    private final UringUser user;
    private final InFlightRequests inFlight;
    private final BitSet completed = new BitSet();
    private final BitSet failed = new BitSet();
    private final Sqe sqe = new Sqe();
    private final Cqe cqe = new Cqe();
    private long submitted;
    private long wrongResults;

    RestartLedger(UringUser user, int maxInFlight) {
        this.user = user;
        this.inFlight = new InFlightRequests(maxInFlight);
    }

    /** Tries to submit the next request; false if the SQ or the in-flight table is full. */
    boolean trySubmit() {
        if (inFlight.pending() >= 48) {
            return false;
        }
        long id = submitted;
        sqe.clear();
        sqe.opcode = UringOp.WRITE;
        sqe.fd = 0;
        sqe.off = (id % 64) * LEN;
        sqe.addr = 0;
        sqe.len = LEN;
        sqe.userData = id;
        long generation = user.kernelGeneration(); // read BEFORE the push: never newer than the kernel that may pop it
        long now = System.nanoTime();
        if (!user.sq().push(sqe)) {
            return false;
        }
        assertTrue(inFlight.track(id, now, generation), "in-flight table full at request " + id);
        submitted++;
        return true;
    }

    /** Reaps what is there and fails what a dead kernel took with it; returns CQEs reaped. */
    int service() {
        int n = 0;
        while (user.poll(cqe)) {
            n++;
            int id = (int) cqe.userData;
            if (inFlight.complete(cqe.userData)) {
                assertFalse(completed.get(id), "request " + id + " completed twice");
                assertFalse(failed.get(id), "request " + id + " delivered after it was failed");
                completed.set(id);
                if (cqe.res != LEN) {
                    wrongResults++;
                }
            }
        }
        inFlight.expire(System.nanoTime(), DEADLINE_NANOS, user.kernelGeneration(), id -> {
            assertFalse(completed.get((int) id), "request " + id + " failed after it completed");
            assertFalse(failed.get((int) id), "request " + id + " failed twice");
            failed.set((int) id);
        });
        return n;
    }

    /**
     * Submits until {@code count} requests were submitted in total (or {@code stop} says so), reaping
     * as it goes; fails if nothing is submitted, completed or failed for the hang guard's bound.
     */
    void submitUntil(long count, BooleanSupplier stop, String phase) {
        StallGuard guard = new StallGuard(() -> phase + ": only " + submitted + " of " + count
                + " requests submitted; pending " + inFlight.pending(), this::progress, StallGuard.DEFAULT_STALL);
        while (submitted < count && !stop.getAsBoolean()) {
            if (!trySubmit()) {
                service();
                Thread.onSpinWait();
            }
            guard.check();
        }
        service();
    }

    /** Submits up to {@code n} requests while there is room (no kernel may be serving); returns how many. */
    int submitWhileRoom(int n) {
        int done = 0;
        while (done < n && trySubmit()) {
            done++;
        }
        service();
        return done;
    }

    /** Waits until every submitted request has ended (completed or failed); fails if that stops moving. */
    void drain(String phase) {
        StallGuard guard = new StallGuard(() -> phase + ": " + inFlight.pending() + " of " + submitted
                + " requests neither completed nor failed (generation " + user.kernelGeneration() + ")",
                this::progress, StallGuard.DEFAULT_STALL);
        while (inFlight.pending() > 0) {
            if (service() == 0) {
                Thread.onSpinWait();
            }
            guard.check();
        }
    }

    /** Grows with every submission and every ending: what the hang guards watch. */
    private long progress() {
        return submitted + completed.cardinality() + failed.cardinality();
    }

    long submitted() { return submitted; }

    InFlightRequests inFlight() { return inFlight; }

    /** Exactly once for every request, no unknown CQE, every delivered result correct. */
    void assertEveryRequestEndedOnce() {
        assertEquals(0, inFlight.pending(), "requests still pending");
        for (int i = 0; i < submitted; i++) {
            assertTrue(completed.get(i) ^ failed.get(i), "request " + i + " completed " + completed.get(i)
                    + ", failed " + failed.get(i) + ": must be exactly one");
        }
        assertEquals(submitted, completed.cardinality() + failed.cardinality(), "every request ends once");
        assertEquals(completed.cardinality(), inFlight.completed());
        assertEquals(failed.cardinality(), inFlight.failed());
        assertEquals(0, inFlight.unknown(), "CQEs for user_data never submitted (or duplicated completions)");
        assertTrue(inFlight.late() <= inFlight.failed(), "more late CQEs (" + inFlight.late() + ") than failures ("
                + inFlight.failed() + "): a failed request was answered twice");
        assertEquals(0, wrongResults, "completions with a result other than " + LEN);
    }

    String summary() {
        return "submitted " + submitted + ", completed " + inFlight.completed() + ", failed " + inFlight.failed()
                + ", late " + inFlight.late() + ", unknown " + inFlight.unknown();
    }
}
