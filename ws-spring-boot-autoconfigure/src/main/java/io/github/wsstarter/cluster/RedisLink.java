package io.github.wsstarter.cluster;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.jspecify.annotations.Nullable;

/**
 * This instance's two connections to Redis, of its own, through the application's Lettuce client (its address,
 * credentials and TLS): one that publishes, one subscribed to the cluster's channels. The application's shared
 * connection is never used, so that nothing here changes how the rest of the application talks to Redis.
 * <p>
 * Publishing never blocks: while the link is down, or when {@code publishBuffer} messages wait for Redis already, a
 * message is refused at once (the caller counts it as dropped) instead of being buffered for later. Connecting and
 * closing block, and run on the cluster's own thread only.
 *
 * @author ws-spring-boot-starter team
 */
final class RedisLink {

	private final RedisClient client;

	private final byte[][] channels;

	private final int publishBuffer;

	private final BiConsumer<byte[], byte[]> receiver;

	private final AtomicInteger inFlight = new AtomicInteger();

	private volatile @Nullable StatefulRedisConnection<byte[], byte[]> publisher;

	private volatile @Nullable StatefulRedisPubSubConnection<byte[], byte[]> subscriber;

	/**
	 * @param receiver called with channel and message for each message on the channels, on Lettuce's event loop, in
	 * the order Redis delivers them
	 */
	RedisLink(RedisClient client, byte[][] channels, int publishBuffer, BiConsumer<byte[], byte[]> receiver) {
		this.client = client;
		this.channels = channels;
		this.publishBuffer = publishBuffer;
		this.receiver = receiver;
	}

	/** Open both connections and subscribe; blocks. On failure nothing stays open. */
	void connect() throws Exception {
		close();
		StatefulRedisPubSubConnection<byte[], byte[]> subscription = this.client.connectPubSub(ByteArrayCodec.INSTANCE);
		try {
			subscription.addListener(new RedisPubSubAdapter<>() {

				@Override
				public void message(byte[] channel, byte[] message) {
					RedisLink.this.receiver.accept(channel, message);
				}

			});
			subscription.async().subscribe(this.channels).get(5, TimeUnit.SECONDS);
			this.publisher = this.client.connect(ByteArrayCodec.INSTANCE);
			this.subscriber = subscription;
		}
		catch (Exception ex) {
			subscription.closeAsync();
			throw ex;
		}
	}

	boolean isConnected() {
		StatefulRedisConnection<byte[], byte[]> connection = this.publisher;
		StatefulRedisPubSubConnection<byte[], byte[]> subscription = this.subscriber;
		return connection != null && connection.isOpen() && subscription != null && subscription.isOpen();
	}

	/**
	 * Publish without waiting; what one thread publishes reaches Redis in that order.
	 * @return {@code false} if the message was refused: not connected, or too many waiting already
	 */
	boolean publish(byte[] channel, byte[] message) {
		StatefulRedisConnection<byte[], byte[]> connection = this.publisher;
		if (connection == null || !connection.isOpen()) {
			return false;
		}
		if (this.inFlight.incrementAndGet() > this.publishBuffer) {
			this.inFlight.decrementAndGet();
			return false;
		}
		try {
			connection.async().publish(channel, message).whenComplete((receivers, ex) -> this.inFlight.decrementAndGet());
		}
		catch (RuntimeException ex) {
			this.inFlight.decrementAndGet();
			return false;
		}
		return true;
	}

	/** Close both connections, without waiting for them; anything not yet written is lost. */
	void close() {
		StatefulRedisConnection<byte[], byte[]> connection = this.publisher;
		StatefulRedisPubSubConnection<byte[], byte[]> subscription = this.subscriber;
		this.publisher = null;
		this.subscriber = null;
		if (connection != null) {
			connection.closeAsync();
		}
		if (subscription != null) {
			subscription.closeAsync();
		}
	}

}
