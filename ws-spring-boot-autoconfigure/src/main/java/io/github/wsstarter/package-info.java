/**
 * Annotation-driven WebSocket endpoints: the handler annotations, {@link io.github.wsstarter.WsSession} and
 * {@link io.github.wsstarter.WsBroadcaster}.
 */
@NullMarked
package io.github.wsstarter;

import org.jspecify.annotations.NullMarked;
