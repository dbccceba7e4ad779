package org.vdsolab.api.loader;

/**
 * A task run in a domain failed, or did not finish in time. The message names the domain and the
 * task and says what happened (the exception, the exit code and stderr tail of a process, or the
 * timeout).
 */
public final class DomainTaskException extends RuntimeException {

    private final String domain;

    public DomainTaskException(String domain, String message, Throwable cause) {
        super(message, cause);
        this.domain = domain;
    }

    public DomainTaskException(String domain, String message) {
        super(message);
        this.domain = domain;
    }

    /** The domain the task ran in. */
    public String domain() { return domain; }
}
