package org.vdsolab.api.spi;

/**
 * Something vdsolab finds by name on the class path through {@link java.util.ServiceLoader}: a
 * queue design, a device model, a scheduler, a vDSO loader, a workload. Putting a provider's jar on
 * the class path makes it available; removing it removes it ("swap implementations by classpath").
 *
 * <p>Implementations are registered in {@code META-INF/services/<kind interface>}, have a public
 * no-argument constructor, and are stateless factories: thread-safe, cheap to construct.
 */
public interface Provider {

    /** The unique name configs use to choose this provider, e.g. {@code vsched}. Lower case, no spaces. */
    String name();

    /** One line for humans: what design this is. */
    String description();

    /** One line listing what this provider can do, shown by {@code ./vdsolab list}. */
    default String capabilitySummary() {
        return "";
    }
}
