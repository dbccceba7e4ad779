package org.vdsolab.sched;

import org.vdsolab.api.memory.SegmentWordMemory;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.sched.SchedulerHandle;
import org.vdsolab.api.sched.SchedulerSpec;
import org.vdsolab.api.sched.SharedScheduler;

import org.vdsolab.api.testing.StallGuard;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * The spawn / run / exit cycle shared by the exactly-once tests and their child process. A region
 * file holds the scheduler, then a completion counter and one bit per job. A job is a task whose
 * owner word carries {@code domain << 24 | sequence}; the CPU that exits it sets its bit (a bit
 * found set already counts as "run twice"). CPUs run a mix: tick, then yield (1/8), block (1/8,
 * unblocked later towards the other CPU, as a CQE would) or exit.
 */
final class ExactlyOnceHarness {

    static final int MAX_DOMAINS = 8;

    final WordMemory memory;
    final SharedScheduler scheduler;
    final long completedOffset;
    final long twiceOffset;
    final long bitmapOffset;
    final long bitmapBytesPerDomain;
    final long total;
    /** Set by a test's watcher to stop every party of this JVM early. */
    volatile boolean abort;

    private ExactlyOnceHarness(WordMemory memory, SharedScheduler scheduler, long schedulerBytes, long jobsPerDomain, long total) {
        this.memory = memory;
        this.scheduler = scheduler;
        this.completedOffset = schedulerBytes;
        this.twiceOffset = schedulerBytes + 128;
        this.bitmapOffset = schedulerBytes + 256;
        this.bitmapBytesPerDomain = SchedulerLayout.roundUp((jobsPerDomain + 7) / 8, 64);
        this.total = total;
    }

    static long regionBytes(SchedulerSpec spec, long jobsPerDomain) {
        long f = SchedulerLayout.roundUp(new MultiQueueSchedulerProvider().footprint(spec), 4096);
        return f + 256 + MAX_DOMAINS * SchedulerLayout.roundUp((jobsPerDomain + 7) / 8, 64);
    }

    static WordMemory map(Path file, long bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return new SegmentWordMemory(ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes, Arena.ofShared()));
        }
    }

    static ExactlyOnceHarness open(WordMemory memory, SchedulerSpec spec, long jobsPerDomain, long total, boolean create) {
        MultiQueueSchedulerProvider p = new MultiQueueSchedulerProvider();
        SharedScheduler s = create ? p.create(memory, 0, spec) : p.attach(memory, 0, spec);
        return new ExactlyOnceHarness(memory, s, SchedulerLayout.roundUp(p.footprint(spec), 4096), jobsPerDomain, total);
    }

    long completed() {
        return memory.getLongVolatile(completedOffset);
    }

    long runTwice() {
        return memory.getLongVolatile(twiceOffset);
    }

    /** Jobs of {@code domain} whose bit is set. */
    long distinctCompleted(int domain, long jobs) {
        long n = 0;
        for (long j = 0; j < jobs; j++) {
            long word = memory.getLongVolatile(bitmapOffset + domain * bitmapBytesPerDomain + (j >>> 6) * 8);
            if ((word & (1L << (j & 63))) != 0) n++;
        }
        return n;
    }

    /** Spawns {@code jobs} jobs of {@code domain} on queue {@code cpu}, waiting while the table is full. */
    void spawn(SchedulerHandle h, int domain, long jobs, int cpu, int priorities) {
        SplittableRandom rng = new SplittableRandom(domain);
        StallGuard guard = stallGuard("spawner of domain " + domain);
        for (long seq = 0; seq < jobs; seq++) {
            int owner = (domain << 24) | (int) seq;
            while (h.spawn(owner, rng.nextInt(priorities), SharedScheduler.ANY_CPU, cpu) == SharedScheduler.NO_TASK) {
                checkProgress(guard, "spawner of domain " + domain);
                Thread.yield();
            }
        }
    }

    /** Acts as CPU {@code cpu} until every job of the run has exited; returns how many jobs it exited. */
    long runCpu(SchedulerHandle h, int cpu, int otherCpu, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        StallGuard guard = stallGuard("cpu " + cpu);
        int[] blocked = new int[64];
        int blockedHead = 0, blockedCount = 0;
        long exited = 0;
        while (completed() < total) {
            int t = h.pickNext(cpu);
            if (t == SharedScheduler.NO_TASK) {
                checkProgress(guard, "cpu " + cpu);
                if (blockedCount == 0) Thread.yield();
            } else {
                h.tick(t, cpu);
                int r = rng.nextInt(8);
                if (r == 0) {
                    h.yield(t, cpu);
                } else if (r == 1 && blockedCount < blocked.length && h.block(t)) {
                    blocked[(blockedHead + blockedCount++) % blocked.length] = t;
                } else {
                    complete(scheduler.ownerDomain(t));
                    h.exit(t);
                    exited++;
                }
            }
            if (blockedCount > 0 && (t == SharedScheduler.NO_TASK || rng.nextInt(4) == 0)) {
                h.unblock(blocked[blockedHead], otherCpu);   // the "CQE" arrives, for another CPU's queue
                blockedHead = (blockedHead + 1) % blocked.length;
                blockedCount--;
            }
        }
        return exited;
    }

    private void complete(int owner) {
        long domain = owner >>> 24, seq = owner & 0xFF_FFFF;
        long word = bitmapOffset + domain * bitmapBytesPerDomain + (seq >>> 6) * 8;
        long bit = 1L << (seq & 63);
        while (true) {
            long w = memory.getLongVolatile(word);
            if ((w & bit) != 0) {
                memory.getAndAddLong(twiceOffset, 1);
                break;
            }
            if (memory.compareAndSetLong(word, w, w | bit)) break;
        }
        memory.getAndAddLong(completedOffset, 1);
    }

    /** Fails a party when the whole run's completions stand still (slow under load is fine; stuck is not). */
    private StallGuard stallGuard(String who) {
        return new StallGuard(() -> who + ": completions stood still at " + completed() + " of " + total + ", "
                + runTwice() + " run twice, queued: global " + scheduler.queuedTasks(SharedScheduler.ANY_CPU),
                this::completed, StallGuard.DEFAULT_STALL);
    }

    private void checkProgress(StallGuard guard, String who) {
        if (abort) {
            throw new IllegalStateException(who + " aborted: " + completed() + " of " + total + " jobs completed");
        }
        guard.check();
    }
}
