package org.vdsolab.api.uring;

import org.vdsolab.api.liveness.OwnerLiveness;
import org.vdsolab.api.liveness.OwnerToken;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.SharedQueue;

import java.util.Objects;

/**
 * A {@link SharedQueue} seen by one domain registration: every handle it makes acts for the same
 * {@link OwnerToken}, so {@link #producer(int)} is the underlying queue's
 * {@link SharedQueue#producer(int, int) producer(id, owner)} and likewise for consumers. The
 * uring hands these to {@link Sq}, {@link CqBuffer} and {@link CompletionRouter}, which ask for
 * plain handles, so that every slot a domain (or the kernel's pollers) holds is stamped with its
 * registration and a {@link org.vdsolab.api.liveness.QueueRecoverySweeper} can take it back if
 * that domain dies. Designs without OWNER_RECOVERY ignore the owner.
 *
 * <p>Thread-safety: as the underlying queue (this object only adds an immutable int).
 */
public final class OwnerBoundQueue implements SharedQueue {

    private final SharedQueue queue;
    private final int owner;

    /**
     * @param queue the queue to act on
     * @param owner the registration every handle acts for ({@link OwnerToken#NONE}: none recorded)
     * @throws IllegalArgumentException if {@code owner} is neither NONE nor a valid token
     */
    public OwnerBoundQueue(SharedQueue queue, int owner) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.owner = OwnerToken.checkOwner(owner);
    }

    /** The queue handles are made on (what a recovery sweep runs over). */
    public SharedQueue unwrap() { return queue; }

    /** The registration every handle acts for. */
    public int owner() { return owner; }

    @Override public String providerName() { return queue.providerName(); }

    @Override public QueueSpec spec() { return queue.spec(); }

    @Override public int usableCapacity() { return queue.usableCapacity(); }

    @Override public long size() { return queue.size(); }

    /** Producer {@code id} acting for {@link #owner()}. */
    @Override public QueueProducer producer(int id) { return queue.producer(id, owner); }

    /** Producer {@code id} acting for {@code other} instead of {@link #owner()}. */
    @Override public QueueProducer producer(int id, int other) { return queue.producer(id, other); }

    /** Consumer {@code id} acting for {@link #owner()}. */
    @Override public QueueConsumer consumer(int id) { return queue.consumer(id, owner); }

    /** Consumer {@code id} acting for {@code other} instead of {@link #owner()}. */
    @Override public QueueConsumer consumer(int id, int other) { return queue.consumer(id, other); }

    @Override public long recover(OwnerLiveness liveness) { return queue.recover(liveness); }

    @Override public long faults() { return queue.faults(); }

    @Override
    public String toString() {
        return queue + " as " + OwnerToken.describe(owner);
    }
}
