/**
 * Many instances of one application as one WebSocket server, through Redis ({@code ws.cluster.enabled=true}).
 */
@NullMarked
package io.github.wsstarter.cluster;

import org.jspecify.annotations.NullMarked;
