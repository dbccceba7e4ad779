/**
 * Device models for the io_uring kernel side, found by name through
 * {@link org.vdsolab.api.device.DeviceProvider}: {@code null} (completes at once), {@code fixed}
 * (constant service time), {@code nvme} (parallel units, calibrated Optane and NAND profiles),
 * {@code file} (real I/O on a backing file) and {@code nic} (line rate, descriptor ring, drops).
 *
 * <p>Every model validates every SQE the same way ({@link org.vdsolab.devices.ValidatingDevice}):
 * a malformed or hostile request gets a negative errno, never an exception and never I/O outside
 * the device or the submitter's buffer area. Simulated models compute a completion time and cost no
 * thread per outstanding request. The module README gives each model's formula, parameters and
 * calibration.
 */
package org.vdsolab.devices;
