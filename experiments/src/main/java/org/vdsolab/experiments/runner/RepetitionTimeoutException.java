package org.vdsolab.experiments.runner;

/** A repetition did not return within {@code run.timeout_s}; its threads may still be running. */
public final class RepetitionTimeoutException extends Exception {

    public RepetitionTimeoutException(String message) {
        super(message);
    }
}
