/**
 * The {@code ws.handshake} and {@code ws.handler} observations (Micrometer's Observation API), and their
 * auto-configuration. Depends on the core, never the reverse.
 */
@NullMarked
package io.github.wsstarter.observation;

import org.jspecify.annotations.NullMarked;
