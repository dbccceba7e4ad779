package org.vdsolab.experiments.vdso.sched;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdsolab.api.loader.Domain;
import org.vdsolab.api.loader.DomainKind;
import org.vdsolab.api.loader.DomainRun;
import org.vdsolab.api.loader.KernelDomain;
import org.vdsolab.api.loader.VdsoLoader;
import org.vdsolab.api.memory.HeapWordMemory;
import org.vdsolab.api.sched.TaskState;
import org.vdsolab.api.spi.Providers;
import org.vdsolab.experiments.vdso.sched.impl.SchedData;
import org.vdsolab.experiments.vdso.sched.impl.SchedDataVvar;
import org.vdsolab.experiments.vdso.sched.impl.TaskSchedulerLibrary;
import org.vdsolab.experiments.vdso.sched.impl.TaskSchedulerLibraryDescriptor;

import org.vdsolab.api.testing.StallGuard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code scheduler} library loaded through the default loader: tasks spawned by the kernel, an
 * in-JVM user domain and a separate-process user domain, each acting as one CPU, all run exactly
 * once. "Exactly once": every owner's tasks were run as many times as it spawned them (a task run
 * twice would make a count too high), and at the end every run queue is empty and every task
 * record FREE (a lost task would stay READY).
 */
class SchedulerLibraryDomainsTest {

    private static final Duration TIMEOUT = StallGuard.EVENT_BOUND;
    private static final int SPAWN = 3000;

    @TempDir
    Path regions;

    KernelDomain kernel;

    @BeforeEach
    void boot() {
        kernel = Providers.find(VdsoLoader.class, "default").boot("kernel", regions, 2);
        kernel.offer(TaskScheduler.class);
    }

    @AfterEach
    void shutdown() {
        kernel.close();
    }

    private static Map<String, String> worker(int owner, int cpu) {
        return Map.of("owner", Integer.toString(owner), "cpu", Integer.toString(cpu), "spawn", Integer.toString(SPAWN),
                "idle_ms", "200");
    }

    @Test
    void tasksSpawnedInEveryDomainRunExactlyOnce() throws Exception {
        TaskScheduler k = kernel.bind(TaskScheduler.class);
        k.startKernel();
        Domain inJvm = kernel.userDomain("user_jvm", DomainKind.USER_IN_JVM);
        Domain proc = kernel.userDomain("user_proc", DomainKind.USER_PROCESS);
        DomainRun rp = proc.start(SchedulerWorkerProgram.class, worker(2, 2));
        DomainRun rj = inJvm.start(SchedulerWorkerProgram.class, worker(1, 1));
        DomainRun rk = kernel.start(SchedulerWorkerProgram.class, worker(0, 0));
        List<Map<String, Long>> results = List.of(rk.await(TIMEOUT), rj.await(TIMEOUT), rp.await(TIMEOUT));

        long[] drained = new long[SchedulerWorkerProgram.OWNERS];
        for (int cpu = 0; cpu < k.cpus(); cpu++) {
            while (SchedulerWorkerProgram.runOne(k, cpu, drained)) {
                // the kernel's test thread runs whatever the workers left (none, normally)
            }
        }
        for (int owner = 0; owner < 3; owner++) {
            long ran = drained[owner];
            for (Map<String, Long> r : results) {
                ran += r.get("ran_owner_" + owner);
            }
            assertEquals(SPAWN, results.get(owner).get("spawned"), "domain " + owner + " spawned all its tasks");
            assertEquals(SPAWN, ran, "tasks of owner " + owner + " run exactly once in total");
        }
        for (Map<String, Long> r : results) {
            assertEquals(0, r.get("ran_owner_3"));
            assertTrue(r.get("ran") > 0, "every CPU ran tasks: " + r);
        }
        for (int cpu = TaskScheduler.ANY_CPU; cpu < k.cpus(); cpu++) {
            assertEquals(0, k.queuedTasks(cpu), "queue of cpu " + cpu + " is empty at the end");
        }
        for (int task = 0; task < TaskSchedulerLibrary.SPEC.maxTasks(); task++) {
            assertEquals(TaskState.FREE, k.state(task), "task " + task + " was neither lost nor left running");
        }
        assertTrue(proc.hasMapped("scheduler") && inJvm.hasMapped("scheduler"));
    }

    @Test
    void theSchedulerFitsItsDeclaredAreaAndTheAreaIsTheDeclaredField() {
        IllegalStateException small = assertThrows(IllegalStateException.class,
                () -> TaskSchedulerLibrary.provider(new HeapWordMemory(4096)));
        assertTrue(small.getMessage().contains("shared field 'sched'") && small.getMessage().contains("SCHED_WORDS"),
                small.getMessage());

        TaskSchedulerLibraryDescriptor d = new TaskSchedulerLibraryDescriptor();
        HeapWordMemory memory = new HeapWordMemory(d.layout(1).totalSize());
        SchedDataVvar vvar = new SchedDataVvar(memory, 1);
        assertEquals(SchedData.SCHED_WORDS * 8L, vvar.schedArea().byteSize());
        TaskScheduler s = (TaskScheduler) d.bind(memory, 1);
        s.startKernel();
        int t = s.spawn(3, 0);
        assertEquals(TaskState.READY, s.state(t));
        assertEquals(t, s.pickNext(0));
        assertEquals(3, s.ownerDomain(t));
        s.exit(t);
        assertEquals(TaskState.FREE, s.state(t));
        assertTrue(memory.getLong(SchedDataVvar.SCHED_OFFSET) != 0 || memory.getLong(SchedDataVvar.SCHED_OFFSET + 8) != 0,
                "the scheduler's header lies at the start of the declared field");
    }
}
