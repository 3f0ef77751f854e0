/**
 * Test support for applications with WebSocket endpoints: {@link io.github.wsstarter.test.WsTestClient} and its
 * connections, and {@link io.github.wsstarter.test.AutoConfigureWsTestClient} for
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} tests.
 */
@NullMarked
package io.github.wsstarter.test;

import org.jspecify.annotations.NullMarked;
