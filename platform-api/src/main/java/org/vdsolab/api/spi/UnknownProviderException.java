package org.vdsolab.api.spi;

import java.util.List;

/** No provider of the requested kind has the requested name; the message lists the names that exist. */
public final class UnknownProviderException extends IllegalArgumentException {

    private final String kind;
    private final String requested;
    private final List<String> available;

    public UnknownProviderException(String kind, String requested, List<String> available) {
        super("no " + kind + " provider named '" + requested + "'; available: "
                + (available.isEmpty() ? "(none on the class path)" : String.join(", ", available)));
        this.kind = kind;
        this.requested = requested;
        this.available = List.copyOf(available);
    }

    public String kind() { return kind; }

    public String requested() { return requested; }

    public List<String> available() { return available; }
}
