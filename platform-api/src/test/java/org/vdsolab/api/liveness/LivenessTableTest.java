package org.vdsolab.api.liveness;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vdsolab.api.memory.HeapWordMemory;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.process.ChildJvm;

import org.vdsolab.api.testing.StallGuard;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Registration, exit, declared death, record re-use and real process death in a {@link LivenessTable}. */
@Tag("slow")
class LivenessTableTest {

    private static LivenessTable table(int capacity) {
        WordMemory m = new HeapWordMemory(LivenessTable.footprint(capacity) + 64);
        return LivenessTable.create(m, 64, capacity);
    }

    @Test
    void aRegisteredDomainInThisJvmIsAliveUntilItExitsOrIsDeclaredDead() {
        LivenessTable t = table(4);
        int a = t.register();
        int b = t.register();
        assertNotEquals(OwnerToken.index(a), OwnerToken.index(b));
        assertFalse(t.isDead(a));
        assertFalse(t.isDead(b));
        assertEquals(2, t.liveDomains());
        t.exit(a);
        assertTrue(t.isDead(a));
        t.declareDead(b);
        assertTrue(t.isDead(b));
        assertEquals(0, t.liveDomains());
        assertFalse(t.isDead(OwnerToken.NONE), "NONE is never dead");
    }

    @Test
    void aReusedRecordKeepsTheEarlierRegistrationDead() {
        LivenessTable t = table(1);
        int first = t.register();
        t.declareDead(first);
        int second = t.register();
        assertEquals(OwnerToken.index(first), OwnerToken.index(second));
        assertNotEquals(OwnerToken.epoch(first), OwnerToken.epoch(second));
        assertTrue(t.isDead(first), "the old registration stays dead after its record is re-used");
        assertFalse(t.isDead(second));
        t.declareDead(first); // a stale token changes nothing
        assertFalse(t.isDead(second));
    }

    @Test
    void epochsWrapWithoutEverBeingZero() {
        LivenessTable t = table(1);
        Set<Integer> tokens = new HashSet<>();
        for (int i = 0; i < OwnerToken.MAX_EPOCH + 5; i++) {
            int token = t.register();
            assertTrue(OwnerToken.isValid(token), Integer.toHexString(token));
            tokens.add(token);
            t.exit(token);
        }
        assertEquals(OwnerToken.MAX_EPOCH, tokens.size());
    }

    @Test
    void aFullTableSaysSoAndBadInputIsNamed() {
        LivenessTable t = table(2);
        t.register();
        t.register();
        IllegalStateException full = assertThrows(IllegalStateException.class, t::register);
        assertTrue(full.getMessage().contains("is full"), full.getMessage());
        assertFalse(t.isDead(OwnerToken.of(3, 1)), "a token naming no record is never dead");
        assertFalse(t.isDead(0x7F00_0000), "a malformed token is never dead");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> t.exit(OwnerToken.of(3, 1)));
        assertTrue(bad.getMessage().contains("names no record"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LivenessTable.footprint(0));
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> LivenessTable.attach(new HeapWordMemory(4096), 0, 2));
        assertTrue(missing.getMessage().contains("not created yet"), missing.getMessage());
    }

    @Test
    void aKilledProcessIsDeadAndItsRecordIsReclaimedWhenTheTableIsFull() throws Exception {
        LivenessTable t = table(1);
        try (ChildJvm child = ChildJvm.builder(Sleeper.class.getName()).name("liveness-sleeper").start()) {
            long pid = child.pid();
            int token = t.register(pid, ProcessLiveness.startMillis(pid));
            assertFalse(t.isDead(token), "a running child is alive");
            assertEquals(pid, t.pidOf(token));
            child.killTree();
            child.awaitExit(StallGuard.EVENT_BOUND);
            assertTrue(t.isDead(token), "a SIGKILLed child is dead");
            int mine = t.register(); // the only record belonged to a dead process: reclaimed
            assertFalse(t.isDead(mine));
            assertTrue(t.isDead(token));
        }
    }

    @Test
    void aRecycledPidWithAnotherStartTimeIsNotTheRegisteredProcess() {
        LivenessTable t = table(1);
        long me = ProcessLiveness.currentPid();
        int token = t.register(me, ProcessLiveness.currentStartMillis() - 60_000);
        assertTrue(t.isDead(token), "same pid, different start time: the registered process is gone");
    }

    /** A child that just waits to be killed. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(120_000);
        }
    }
}
