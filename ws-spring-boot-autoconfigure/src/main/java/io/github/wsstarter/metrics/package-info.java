/**
 * The starter's Micrometer meters: {@link io.github.wsstarter.metrics.MicrometerWsObserver} and its
 * auto-configuration. Depends on the core, never the reverse.
 */
@NullMarked
package io.github.wsstarter.metrics;

import org.jspecify.annotations.NullMarked;
