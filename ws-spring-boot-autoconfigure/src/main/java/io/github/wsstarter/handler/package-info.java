/**
 * Finding {@code @WsOn*} methods at start-up and calling them for each WebSocket event.
 */
@NullMarked
package io.github.wsstarter.handler;

import org.jspecify.annotations.NullMarked;
