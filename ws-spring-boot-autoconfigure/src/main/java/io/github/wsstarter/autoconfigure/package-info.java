/**
 * Auto-configuration for annotation-driven WebSocket endpoints, and its {@code ws.*} properties.
 */
@NullMarked
package io.github.wsstarter.autoconfigure;

import org.jspecify.annotations.NullMarked;
