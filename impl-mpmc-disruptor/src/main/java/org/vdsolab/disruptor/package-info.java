/**
 * The {@code disruptor} queue provider: a Disruptor-style multi-producer, multi-consumer ring in
 * shared memory (LMAX Disruptor 4's {@code MultiProducerSequencer}: getAndAdd claim, lap-stamped
 * per-slot availability words), with pluggable {@link org.vdsolab.api.idle.IdleStrategy idle
 * strategies} for the producers' overshoot wait. Entry point:
 * {@link org.vdsolab.disruptor.DisruptorQueueProvider}.
 */
package org.vdsolab.disruptor;
