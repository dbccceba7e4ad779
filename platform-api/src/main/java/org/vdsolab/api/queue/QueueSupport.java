package org.vdsolab.api.queue;

/** Small checks and messages every queue provider needs, kept in one place. */
public final class QueueSupport {

    private QueueSupport() { }

    /** The exception for an operation outside a provider's capabilities. */
    public static UnsupportedOperationException unsupported(String provider, String operation, QueueCapability needed) {
        return new UnsupportedOperationException("queue provider '" + provider + "' does not support " + operation
                + " (it needs capability " + needed.name().toLowerCase(java.util.Locale.ROOT) + ")");
    }

    /**
     * Checks a producer or consumer id against the spec.
     *
     * @throws IllegalArgumentException naming the role, the id and the allowed range
     */
    public static int checkId(String role, int id, int count) {
        if (id < 0 || id >= count) {
            throw new IllegalArgumentException(role + " id " + id + " outside [0, " + count + ") declared by the queue spec");
        }
        return id;
    }

    /**
     * Checks a batch request's count against the spec's capacity.
     *
     * @throws IllegalArgumentException if count is negative
     */
    public static int checkCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("batch count must not be negative, got " + count);
        }
        return count;
    }
}
