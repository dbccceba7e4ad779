package org.vdsolab.api.process;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one decoding of exit codes into words: 128 + N is signal N, the orphan code and others as they are. */
class ExitCodeTextTest {

    @Test
    void signalDeathsAre128PlusTheSignal() {
        assertTrue(ChildJvm.isSignalDeath(137));
        assertTrue(ChildJvm.isSignalDeath(129));
        assertTrue(ChildJvm.isSignalDeath(192));
        assertFalse(ChildJvm.isSignalDeath(128));
        assertFalse(ChildJvm.isSignalDeath(193));
        assertFalse(ChildJvm.isSignalDeath(0));
        assertFalse(ChildJvm.isSignalDeath(1));
        assertFalse(ChildJvm.isSignalDeath(99));
    }

    @Test
    void describeExitNamesTheSignalOrTheCode() {
        assertEquals("was killed by signal 9", ChildJvm.describeExit(137));
        assertEquals("was killed by signal 15", ChildJvm.describeExit(143));
        assertEquals("exited with code 1", ChildJvm.describeExit(1));
        assertEquals("halted itself: its parent was gone", ChildJvm.describeExit(ParentWatch.ORPHAN_EXIT_CODE));
    }
}
