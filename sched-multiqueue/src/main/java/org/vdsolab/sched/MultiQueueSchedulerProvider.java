package org.vdsolab.sched;

import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.QueueCapability;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.sched.SchedulerProvider;
import org.vdsolab.api.sched.SchedulerSpec;
import org.vdsolab.api.sched.SharedScheduler;
import org.vdsolab.api.spi.Providers;

import java.util.Objects;

/**
 * {@code multiqueue}: per-CPU (or one global) run queues in shared memory on any MPMC queue
 * provider, with FIFO / RR / priority policies and work stealing. Stateless and thread-safe.
 */
public final class MultiQueueSchedulerProvider implements SchedulerProvider {

    /** The provider name configs use. */
    public static final String NAME = "multiqueue";

    @Override public String name() {
        return NAME;
    }

    @Override public String description() {
        return "multi-queue scheduler: shared task table, per-CPU + global run queues on a queue provider, work stealing";
    }

    @Override public long footprint(SchedulerSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return new SchedulerLayout(spec, Policy.of(spec.policy()), queues(spec)).footprint;
    }

    @Override public SharedScheduler create(WordMemory memory, long offset, SchedulerSpec spec) {
        Objects.requireNonNull(memory, "memory");
        return new MultiQueueScheduler(memory, offset, spec, queues(spec), true);
    }

    @Override public SharedScheduler attach(WordMemory memory, long offset, SchedulerSpec spec) {
        Objects.requireNonNull(memory, "memory");
        return new MultiQueueScheduler(memory, offset, spec, queues(spec), false);
    }

    /**
     * The run-queue provider named by the spec, checked against what the policy needs.
     *
     * @throws IllegalArgumentException naming the provider and the missing capability
     */
    static QueueProvider queues(SchedulerSpec spec) {
        QueueProvider queues = Providers.find(QueueProvider.class, spec.queueProvider());
        require(queues, QueueCapability.MULTI_PRODUCER, "any domain may queue a task on any CPU");
        require(queues, QueueCapability.MULTI_CONSUMER, "a CPU and its thieves pop the same queue");
        if (Policy.of(spec.policy()).sliced) {
            require(queues, QueueCapability.DOUBLE_ENDED, "policy '" + spec.policy() + "' puts a task with slice left at the front");
        }
        return queues;
    }

    private static void require(QueueProvider queues, QueueCapability capability, String why) {
        if (!queues.capabilities().contains(capability)) {
            throw new IllegalArgumentException("scheduler queueProvider '" + queues.name() + "' lacks capability "
                    + capability.name().toLowerCase(java.util.Locale.ROOT) + " (" + why + ")");
        }
    }
}
