package org.vdsolab.api.testing;

import org.vdsolab.api.memory.WordMemory;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link WordMemory} decorator that scripts an interleaving without threads or timing: a test
 * {@link #beforeNextCas arms} an action on one word, and the next long CAS (or
 * compare-and-exchange) on that word runs the action first, then goes ahead. The action runs on the
 * thread about to CAS, so "another party changed the word between this party's read and its CAS"
 * becomes a deterministic, single-threaded script; it fires once and is disarmed before it runs,
 * so the action's own accesses (typically another handle's operation on the same word) pass
 * through.
 *
 * <p>Thread-safe: arming and firing are atomic; accesses are the delegate's.
 */
public final class ScriptedWordMemory extends ForwardingWordMemory {

    private record Armed(long offset, Runnable action) { }

    private final AtomicReference<Armed> armed = new AtomicReference<>();
    private final AtomicInteger fired = new AtomicInteger();

    public ScriptedWordMemory(WordMemory delegate) {
        super(delegate);
    }

    /** Runs {@code action} just before the next long CAS on the word at {@code offset}, once. */
    public void beforeNextCas(long offset, Runnable action) {
        if (!armed.compareAndSet(null, new Armed(offset, action))) {
            throw new IllegalStateException("an action is already armed at offset " + armed.get().offset());
        }
    }

    /** Armed actions that have run so far. */
    public int fired() {
        return fired.get();
    }

    private void fire(long offset) {
        Armed a = armed.get();
        if (a != null && a.offset() == offset && armed.compareAndSet(a, null)) {
            fired.incrementAndGet();
            a.action().run();
        }
    }

    @Override public boolean compareAndSetLong(long offset, long expected, long value) {
        fire(offset);
        return delegate.compareAndSetLong(offset, expected, value);
    }

    @Override public long compareAndExchangeLong(long offset, long expected, long value) {
        fire(offset);
        return delegate.compareAndExchangeLong(offset, expected, value);
    }
}
