/**
 * Broadcasting: the default {@link io.github.wsstarter.WsBroadcaster} and the transport seam that carries broadcasts
 * to the sessions of this instance or, with a clustered transport, of every instance.
 */
@NullMarked
package io.github.wsstarter.broadcast;

import org.jspecify.annotations.NullMarked;
