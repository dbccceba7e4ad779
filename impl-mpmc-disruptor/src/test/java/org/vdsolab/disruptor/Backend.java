package org.vdsolab.disruptor;

import org.vdsolab.api.memory.HeapWordMemory;
import org.vdsolab.api.memory.SegmentWordMemory;
import org.vdsolab.api.memory.WordMemory;

import java.lang.foreign.Arena;

/** The two WordMemory backends every directed test runs over. */
enum Backend {
    HEAP {
        @Override
        WordMemory memory(long bytes) {
            return new HeapWordMemory(bytes);
        }
    },
    SEGMENT {
        @Override
        WordMemory memory(long bytes) {
            // A shared arena so that several test threads may use it; freed with the test JVM.
            return new SegmentWordMemory(Arena.ofShared().allocate(bytes, 64));
        }
    };

    abstract WordMemory memory(long bytes);
}
