package org.vdsolab.experiments.vdso.example.impl;

import org.vdsolab.api.vdso.Global;
import org.vdsolab.api.vdso.PerCpu;
import org.vdsolab.api.vdso.SharedData;

/**
 * Shared data of the example library: a declaration, not storage. The processor lays it out in
 * the vvar and generates {@link CounterDataVvar} (offsets as constants, atomic accessors).
 * Switching a field between {@code @Global} and {@code @PerCpu} is that one word.
 */
@SharedData
public final class CounterData {

    /** The shared counter: one word every domain adds to, alone on its 128-byte block. */
    @Global long total;

    /** Per-CPU statistics, one copy per CPU 4 KiB apart: calls made on this CPU... */
    @PerCpu long calls;

    /** ...and the highest shared-counter value a call on this CPU returned. */
    @PerCpu long highWater;

    private CounterData() { }
}
