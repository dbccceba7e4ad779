package org.vdsolab.api.liveness;

/**
 * Answers whether the holder named by an {@link OwnerToken} is certainly gone. A recoverer only
 * takes back what a dead owner held: "dead" must be a fact (the process is gone, the domain
 * exited or was declared dead), never a guess from a timeout, or a merely slow holder would lose
 * its slot (Aeron's {@code unblock()} problem).
 *
 * <p>Implementations must be thread-safe. {@link OwnerToken#NONE} is never dead.
 */
@FunctionalInterface
public interface OwnerLiveness {

    /** Nobody is ever dead: what a queue without a liveness table recovers with (nothing). */
    OwnerLiveness NONE_DEAD = owner -> false;

    /** True only if the holder {@code owner} can never act on shared memory again. */
    boolean isDead(int owner);
}
