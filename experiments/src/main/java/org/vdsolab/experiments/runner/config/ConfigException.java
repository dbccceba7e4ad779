package org.vdsolab.experiments.runner.config;

/**
 * A config the runner cannot accept: unknown key, wrong type, unknown provider, impossible
 * combination. The message names where (file and line, or the {@code --set} argument), the key
 * and what is allowed; the CLI prints it as is and exits with status 2, without a stack trace.
 */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code origin: key: problem}. */
    public static ConfigException at(Origin origin, String key, String problem) {
        return new ConfigException(origin.describe() + ": " + key + ": " + problem);
    }
}
