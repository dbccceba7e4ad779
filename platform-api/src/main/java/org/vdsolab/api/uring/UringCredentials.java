package org.vdsolab.api.uring;

import java.security.SecureRandom;

/**
 * Per-domain ring credentials: the capability that makes an SQE's {@code personality} believable.
 *
 * <p>Every domain can write any value into an SQE's {@code personality} (the domain the kernel
 * answers and charges), so the personality alone proves nothing. The kernel holds a 64-bit secret
 * and derives from it one 64-bit credential per domain, {@link #derive}; a domain receives its own
 * credential out of band when it joins (in the JVM through {@link UringKernel#user}, in another
 * process on its command line from the parent that started it: the fd-like capability that
 * Linux's {@code io_uring_setup} returns), never through the shared region. {@link Sq#push} and
 * {@link SqBuffer#submit} stamp it into the SQE's last 8 bytes ({@code SqeLayout.PAD}, Linux's
 * {@code __pad2}, unused by every opcode modelled here), and a kernel poller serves an SQE only if
 * that word equals the credential of the domain its personality names; otherwise it answers
 * nobody and counts {@link UringControl.Counter#FORGED}.
 *
 * <p><b>What this does not stop.</b> It stops random personalities (a scribbling or buggy domain)
 * and forged ones (a domain naming another without its credential). A domain that reads another
 * domain's SQE out of the shared SQ learns that domain's credential and can copy it: the SQ is
 * readable by every domain. Only hardware protection closes that (per-domain SQs mapped read-only
 * to the other domains, or the kernel copying SQEs out of memory only their owner can write), and
 * this plan has none. Likewise a scribble on a pending SQE of an honest domain destroys that
 * request: the kernel cannot tell it from a forgery and drops it.
 *
 * <p>Derivation: SplitMix64's finaliser (Stafford's "Mix13" variant, as in
 * {@code java.util.SplittableRandom}) of {@code secret ^ (domain + 1) * 0x9E3779B97F4A7C15}; a
 * credential is never 0, so a zeroed SQE never passes. Without the secret, a credential of one
 * domain says nothing useful about another's. Not cryptographic: the secret of a simulated kernel
 * is not a key. Stateless; thread-safe.
 */
public final class UringCredentials {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private UringCredentials() { }

    /** A fresh kernel secret from {@link SecureRandom}. */
    public static long randomSecret() {
        return new SecureRandom().nextLong();
    }

    /**
     * The credential of {@code domain} under kernel secret {@code secret}: non-zero, the same for
     * the same inputs in every process (a restarted kernel given the same secret accepts the
     * credentials its predecessor handed out).
     */
    public static long derive(long secret, int domain) {
        if (domain < 0 || domain >= UringSpec.MAX_DOMAINS) {
            throw new IllegalArgumentException("uring credential: domain " + domain + " outside [0, " + UringSpec.MAX_DOMAINS + ")");
        }
        long z = secret ^ ((domain + 1L) * GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return z != 0 ? z : 1;
    }

    /** The credentials of domains {@code [0, domains)} under {@code secret}. */
    public static long[] table(long secret, int domains) {
        long[] t = new long[domains];
        for (int d = 0; d < domains; d++) {
            t[d] = derive(secret, d);
        }
        return t;
    }

    /** Parses a credential passed on a command line ({@link #format}); names the argument on error. */
    public static long parse(String what, String text) {
        try {
            return Long.parseUnsignedLong(text, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": a uring credential must be 1 to 16 hex digits, got '" + text + "'", e);
        }
    }

    /** A credential as 16 hex digits, for a child process's command line ({@link #parse} reads it). */
    public static String format(long credential) {
        return String.format("%016x", credential);
    }
}
