package org.vdsolab.experiments.vdso.sched.impl;

import org.vdsolab.api.vdso.Global;
import org.vdsolab.api.vdso.Length;
import org.vdsolab.api.vdso.SharedData;

/**
 * Shared data of the {@code scheduler} library: a declaration, not storage. The scheduler's task
 * table and run queues are laid out at run time by the {@code multiqueue} provider from the
 * library's compile-time spec ({@link TaskSchedulerLibrary#SPEC}) inside the raw area
 * {@link #sched} (the generated {@code SchedDataVvar.schedArea()}); {@link #SCHED_WORDS} must hold
 * the provider's footprint for that spec, which {@link TaskSchedulerLibrary} checks and reports.
 */
@SharedData
public final class SchedData {

    /** Words reserved for the scheduler: 256 KiB. */
    public static final int SCHED_WORDS = 32 * 1024;

    /** 0 not started, 1 ready. Written by the kernel only. */
    @Global long state;

    /** The next scheduler handle id to hand out: every calling thread, in any domain, adds one. */
    @Global long nextHandle;

    /** The scheduler: task table, per-CPU and global run queues. */
    @Global @Length(SCHED_WORDS) long[] sched;

    private SchedData() { }
}
