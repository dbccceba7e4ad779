package org.vdsolab.api.device;

import org.vdsolab.api.spi.Provider;

import java.util.List;

/**
 * A device model family (the io_uring kernel side's back end): {@code null}, {@code fixed},
 * {@code nvme}, {@code file}, {@code nic}. Chosen by name in configs; a profile selects a
 * calibrated parameter set. Stateless factory, thread-safe.
 */
public interface DeviceProvider extends Provider {

    /** The profiles this model ships, e.g. {@code optane-p4800x}; empty if it takes parameters only. */
    List<String> profiles();

    /**
     * Opens one device instance.
     *
     * @throws IllegalArgumentException naming the unknown profile or parameter and what is allowed
     */
    DeviceModel open(DeviceSpec spec);
}
