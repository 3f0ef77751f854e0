/**
 * The {@link io.github.wsstarter.WsClient} implementation and its auto-configuration: the server's handler, registry
 * and outbound queue over Spring's standard WebSocket client. Depends on the core, never the reverse.
 */
@NullMarked
package io.github.wsstarter.client;

import org.jspecify.annotations.NullMarked;
