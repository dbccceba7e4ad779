package org.vdsolab.api.queue.testkit;

import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.vdsolab.api.queue.QueueCapability;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Builds the Lincheck scenarios for one operation family: a few targeted ones first (near full,
 * near empty, mixed ends at the last free slot), then seeded random ones.
 *
 * <p>Lincheck's own generator cannot respect single-producer or single-consumer designs per
 * queue, so the kit generates every scenario itself and gives each thread a role: thread 0 always
 * produces, the last thread always consumes, and the others do both where the design allows
 * (MULTI_PRODUCER without RING_PER_PRODUCER for pushes, MULTI_CONSUMER for pops). A
 * ring-per-producer design is checked as one SPSC ring: its per-ring FIFO is a linearizable
 * queue, while several rings polled round-robin are not one FIFO queue (the contract tests check
 * their per-producer order). Every pushed value is unique within a scenario. Stateless.
 */
final class LincheckScenarios {

    /** How many records a batch operation in a random scenario moves at most. */
    static final int MAX_RANDOM_BATCH = 3;

    /** One queue operation as it appears in a scenario. */
    enum Op {
        PUSH_BACK("pushBack", true, int.class, long.class),
        PUSH_FRONT("pushFront", true, int.class, long.class),
        POP_FRONT("popFront", false, int.class),
        POP_BACK("popBack", false, int.class),
        PUSH_MULTIPLE_ALL("pushMultiple", true, int.class, long.class, int.class, boolean.class),
        PUSH_MULTIPLE_FIT("pushMultiple", true, int.class, long.class, int.class, boolean.class),
        POP_MULTIPLE("popMultiple", false, int.class, int.class),
        SLOT_BACK("pushSlotBack", true, int.class, long.class),
        SLOT_BACK_ABORTED("pushSlotBackAborted", true, int.class, long.class),
        SLOT_FRONT("pushSlotFront", true, int.class, long.class),
        SLOT_FRONT_ABORTED("pushSlotFrontAborted", true, int.class, long.class);

        final boolean pushes;
        final Method method;

        Op(String name, boolean pushes, Class<?>... parameters) {
            this.pushes = pushes;
            try {
                this.method = QueueOperations.class.getMethod(name, parameters);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("QueueOperations lacks " + name, e);
            }
        }
    }

    /**
     * Which parties exist and which threads may push and pop.
     *
     * @param threads       threads in the parallel part
     * @param multiProducer pushes may run on several threads, each with its own producer id
     * @param multiConsumer pops may run on several threads, each with its own consumer id
     */
    record Shape(int threads, boolean multiProducer, boolean multiConsumer) {

        static Shape of(Set<QueueCapability> caps, int threads) {
            boolean mp = caps.contains(QueueCapability.MULTI_PRODUCER) && !caps.contains(QueueCapability.RING_PER_PRODUCER);
            return new Shape(threads, mp, caps.contains(QueueCapability.MULTI_CONSUMER));
        }

        int producers() { return multiProducer ? threads : 1; }

        int consumers() { return multiConsumer ? threads : 1; }

        boolean canPush(int thread) { return multiProducer || thread == 0; }

        boolean canPop(int thread) { return multiConsumer || thread == threads - 1; }

        int producerId(int thread) { return multiProducer ? thread : 0; }

        int consumerId(int thread) { return multiConsumer ? thread : 0; }
    }

    private LincheckScenarios() { }

    /** The operations of {@code family} for a provider with {@code caps}: pushes, then pops. */
    static List<Op> operations(OperationFamily family, Set<QueueCapability> caps, boolean pushes) {
        boolean de = caps.contains(QueueCapability.DOUBLE_ENDED);
        EnumSet<Op> ops = switch (family) {
            case FIFO -> EnumSet.of(Op.PUSH_BACK, Op.POP_FRONT);
            case DEQUE -> EnumSet.of(Op.PUSH_BACK, Op.PUSH_FRONT, Op.POP_FRONT, Op.POP_BACK);
            case BATCH -> EnumSet.of(Op.PUSH_MULTIPLE_ALL, Op.PUSH_MULTIPLE_FIT, Op.POP_MULTIPLE, Op.PUSH_BACK, Op.POP_FRONT);
            case PUSH_SLOT -> de
                    ? EnumSet.of(Op.SLOT_BACK, Op.SLOT_BACK_ABORTED, Op.SLOT_FRONT, Op.SLOT_FRONT_ABORTED, Op.PUSH_BACK,
                            Op.POP_FRONT, Op.POP_BACK)
                    : EnumSet.of(Op.SLOT_BACK, Op.SLOT_BACK_ABORTED, Op.PUSH_BACK, Op.POP_FRONT);
        };
        List<Op> out = new ArrayList<>();
        for (Op op : ops) {
            if (op.pushes == pushes) {
                out.add(op);
            }
        }
        return out;
    }

    /**
     * Builds {@code count} scenarios (targeted first, then random from {@code seed}).
     *
     * @param usable          the queue's usable capacity (the specification's bound)
     * @param actorsPerThread operations per thread in random scenarios
     */
    static List<ExecutionScenario> build(OperationFamily family, Set<QueueCapability> caps, Shape shape, int usable,
                                         int count, int actorsPerThread, long seed) {
        List<ExecutionScenario> out = new ArrayList<>(targeted(family, caps, shape, usable));
        Random random = new Random(seed);
        while (out.size() < count) {
            out.add(random(family, caps, shape, usable, actorsPerThread, random));
        }
        return out.subList(0, Math.min(count, out.size()));
    }

    /** Collects one scenario's actors and hands out unique values. */
    private static final class Builder {
        private final Shape shape;
        private final List<Actor> init = new ArrayList<>();
        private final List<List<Actor>> parallel = new ArrayList<>();
        private final List<Actor> post = new ArrayList<>();
        private long nextValue = 1;

        Builder(Shape shape) {
            this.shape = shape;
            for (int t = 0; t < shape.threads(); t++) {
                parallel.add(new ArrayList<>());
            }
        }

        Actor actor(Op op, int thread, int amount) {
            int party = thread < 0 ? 0 : op.pushes ? shape.producerId(thread) : shape.consumerId(thread);
            List<Object> args = switch (op) {
                case POP_FRONT, POP_BACK -> List.of(party);
                case POP_MULTIPLE -> List.of(party, amount);
                case PUSH_MULTIPLE_ALL, PUSH_MULTIPLE_FIT -> {
                    long first = nextValue;
                    nextValue += amount;
                    yield List.of(party, first, amount, op == Op.PUSH_MULTIPLE_ALL);
                }
                default -> List.of(party, nextValue++);
            };
            return new Actor(op.method, args);
        }

        Builder init(Op op, int amount) {
            init.add(actor(op, -1, amount));
            return this;
        }

        Builder thread(int thread, Op op, int amount) {
            if (op.pushes ? !shape.canPush(thread) : !shape.canPop(thread)) {
                throw new IllegalStateException(op + " on thread " + thread + " breaks " + shape);
            }
            parallel.get(thread).add(actor(op, thread, amount));
            return this;
        }

        Builder post(Op op, int amount) {
            post.add(actor(op, -1, amount));
            return this;
        }

        ExecutionScenario build() {
            return new ExecutionScenario(init, parallel, post, null);
        }
    }

    private static int initialFill(OperationFamily family, int usable, Random random) {
        return family == OperationFamily.PUSH_SLOT ? random.nextInt(3) : random.nextInt(usable + 1);
    }

    /** Pops that empty the queue afterwards, so that lost or duplicated records show. */
    private static void drain(Builder b, OperationFamily family, Set<QueueCapability> caps, int usable) {
        if (family == OperationFamily.BATCH) {
            b.post(Op.POP_MULTIPLE, usable + 1);
            return;
        }
        boolean back = family == OperationFamily.DEQUE;
        int pops = family == OperationFamily.PUSH_SLOT ? 3 : usable + 1;
        for (int i = 0; i < pops; i++) {
            b.post(back && (i & 1) == 1 ? Op.POP_BACK : Op.POP_FRONT, 1);
        }
    }

    private static ExecutionScenario random(OperationFamily family, Set<QueueCapability> caps, Shape shape, int usable,
                                            int actorsPerThread, Random random) {
        Builder b = new Builder(shape);
        boolean de = caps.contains(QueueCapability.DOUBLE_ENDED) && family == OperationFamily.DEQUE;
        int fill = initialFill(family, usable, random);
        for (int i = 0; i < fill; i++) {
            b.init(de && random.nextBoolean() ? Op.PUSH_FRONT : Op.PUSH_BACK, 1);
        }
        List<Op> pushes = operations(family, caps, true);
        List<Op> pops = operations(family, caps, false);
        for (int t = 0; t < shape.threads(); t++) {
            for (int a = 0; a < actorsPerThread; a++) {
                boolean push = shape.canPush(t) && (!shape.canPop(t) || random.nextBoolean());
                List<Op> from = push ? pushes : pops;
                b.thread(t, from.get(random.nextInt(from.size())), 1 + random.nextInt(MAX_RANDOM_BATCH));
            }
        }
        drain(b, family, caps, usable);
        return b.build();
    }

    /** Scenarios aimed at the boundaries where designs break: the last free slot, the last record. */
    private static List<ExecutionScenario> targeted(OperationFamily family, Set<QueueCapability> caps, Shape shape, int usable) {
        List<ExecutionScenario> out = new ArrayList<>();
        int last = shape.threads() - 1;
        boolean twoPushers = shape.canPush(last);
        switch (family) {
            case FIFO -> {
                // Two pushes race for the last free slot (or a push races a pop at it).
                Builder a = new Builder(shape);
                fill(a, Op.PUSH_BACK, usable - 1);
                a.thread(0, Op.PUSH_BACK, 1).thread(last, twoPushers ? Op.PUSH_BACK : Op.POP_FRONT, 1);
                drain(a, family, caps, usable);
                out.add(a.build());
                // Full queue: a push and a pop race.
                Builder c = new Builder(shape);
                fill(c, Op.PUSH_BACK, usable);
                c.thread(0, Op.PUSH_BACK, 1).thread(last, Op.POP_FRONT, 1);
                drain(c, family, caps, usable);
                out.add(c.build());
                // Near empty: pushes race pops for the last record.
                Builder e = new Builder(shape);
                fill(e, Op.PUSH_BACK, 1);
                e.thread(0, Op.PUSH_BACK, 1).thread(0, Op.PUSH_BACK, 1).thread(last, Op.POP_FRONT, 1).thread(last, Op.POP_FRONT, 1);
                drain(e, family, caps, usable);
                out.add(e.build());
            }
            case DEQUE -> {
                // vsched's flaw: pushFront and pushBack race for the last free slot.
                Builder a = new Builder(shape);
                fill(a, Op.PUSH_BACK, usable - 1);
                if (twoPushers) {
                    a.thread(0, Op.PUSH_FRONT, 1).thread(last, Op.PUSH_BACK, 1);
                } else {
                    a.thread(0, Op.PUSH_FRONT, 1).thread(0, Op.PUSH_BACK, 1).thread(last, Op.POP_BACK, 1);
                }
                drain(a, family, caps, usable);
                out.add(a.build());
                // One record, taken from both ends at once.
                Builder e = new Builder(shape);
                fill(e, Op.PUSH_BACK, 1);
                e.thread(0, Op.PUSH_FRONT, 1).thread(last, Op.POP_BACK, 1).thread(last, Op.POP_FRONT, 1);
                drain(e, family, caps, usable);
                out.add(e.build());
            }
            case BATCH -> {
                Builder a = new Builder(shape);
                fill(a, Op.PUSH_BACK, usable - 1);
                a.thread(0, Op.PUSH_MULTIPLE_ALL, 2).thread(last, twoPushers ? Op.PUSH_MULTIPLE_FIT : Op.POP_MULTIPLE, 2);
                drain(a, family, caps, usable);
                out.add(a.build());
                Builder c = new Builder(shape);
                fill(c, Op.PUSH_BACK, usable);
                c.thread(0, Op.PUSH_MULTIPLE_FIT, 2).thread(last, Op.POP_MULTIPLE, 2);
                drain(c, family, caps, usable);
                out.add(c.build());
                // A partial batch: it may take only the room there is when it takes effect. A design that
                // counts the room early and publishes later fails here when pops free more in between.
                Builder p = new Builder(shape);
                fill(p, Op.PUSH_BACK, usable);
                p.thread(0, Op.PUSH_MULTIPLE_FIT, Math.min(3, usable)).thread(last, Op.POP_FRONT, 1)
                        .thread(last, Op.POP_MULTIPLE, usable);
                drain(p, family, caps, usable);
                out.add(p.build());
            }
            case PUSH_SLOT -> {
                Builder a = new Builder(shape);
                a.thread(0, Op.SLOT_BACK, 1).thread(0, Op.SLOT_BACK_ABORTED, 1).thread(0, Op.SLOT_BACK, 1)
                        .thread(last, Op.POP_FRONT, 1).thread(last, Op.POP_FRONT, 1);
                drain(a, family, caps, usable);
                out.add(a.build());
                if (caps.contains(QueueCapability.DOUBLE_ENDED)) {
                    Builder f = new Builder(shape);
                    fill(f, Op.PUSH_BACK, 1);
                    f.thread(0, Op.SLOT_FRONT, 1).thread(0, Op.SLOT_FRONT_ABORTED, 1)
                            .thread(last, Op.POP_FRONT, 1).thread(last, Op.POP_BACK, 1);
                    drain(f, family, caps, usable);
                    out.add(f.build());
                }
            }
        }
        return out;
    }

    private static void fill(Builder b, Op op, int n) {
        for (int i = 0; i < n; i++) {
            b.init(op, 1);
        }
    }
}
