/**
 * The {@code ws} health indicator and actuator endpoint, and their auto-configuration. Depends on the core, never
 * the reverse.
 */
@NullMarked
package io.github.wsstarter.actuate;

import org.jspecify.annotations.NullMarked;
