package org.vdsolab.api.loader;

/**
 * The rule for domain names: they become file names, registry entries (31 bytes) and result
 * counter suffixes such as {@code private_user_jvm}.
 */
public final class DomainNames {

    /** Longest allowed name, in characters (the registry stores 31 bytes plus a terminator). */
    public static final int MAX_LENGTH = 31;

    private DomainNames() { }

    /**
     * Checks {@code name}.
     *
     * @param what what the name is of, for the message (e.g. "user domain name")
     * @return the name
     * @throws IllegalArgumentException naming the value and the allowed form
     */
    public static String check(String what, String name) {
        if (name == null || !name.matches("[a-z][a-z0-9_]{0," + (MAX_LENGTH - 1) + "}")) {
            throw new IllegalArgumentException(what + " '" + name + "' is not allowed: use 1.." + MAX_LENGTH
                    + " characters, lower-case letters, digits and '_', starting with a letter");
        }
        return name;
    }
}
