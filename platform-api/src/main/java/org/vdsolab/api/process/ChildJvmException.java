package org.vdsolab.api.process;

/**
 * A child JVM could not be started, did not exit in time (it has then been killed), or exited
 * with a failure code. The message names the child and quotes the tail of its stderr.
 */
public final class ChildJvmException extends RuntimeException {

    public ChildJvmException(String message) {
        super(message);
    }

    public ChildJvmException(String message, Throwable cause) {
        super(message, cause);
    }
}
