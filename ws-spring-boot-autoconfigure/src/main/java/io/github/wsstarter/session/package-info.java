/**
 * Open sessions: the {@link io.github.wsstarter.WsSession} implementation, the registry of open sessions and rooms,
 * and the encoding of outgoing messages.
 */
@NullMarked
package io.github.wsstarter.session;

import org.jspecify.annotations.NullMarked;
