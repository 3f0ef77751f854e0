package io.github.wsstarter.cluster;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

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
 * message is refused at once (the caller counts it as dropped) instead of being buffered for later; the cluster's own
 * bookkeeping (probes, presence) has a reserve beyond that, so that a full buffer does not look like an outage.
 * Connecting and closing block, and run on the cluster's own thread only. The client is asked for at each connect,
 * since the connection factory makes a new one when it is restarted.
 *
 * @author ws-spring-boot-starter team
 */
final class RedisLink {

	/** Room for the cluster's own messages beyond the publish buffer. */
	private static final int BOOKKEEPING_RESERVE = 1000;

	private final Supplier<RedisClient> client;

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
	RedisLink(Supplier<RedisClient> client, byte[][] channels, int publishBuffer, BiConsumer<byte[], byte[]> receiver) {
		this.client = client;
		this.channels = channels;
		this.publishBuffer = publishBuffer;
		this.receiver = receiver;
	}

	/** Open both connections and subscribe; blocks. On failure nothing stays open. */
	void connect() throws Exception {
		close();
		RedisClient redis = this.client.get();
		StatefulRedisPubSubConnection<byte[], byte[]> subscription = redis.connectPubSub(ByteArrayCodec.INSTANCE);
		try {
			subscription.addListener(new RedisPubSubAdapter<>() {

				@Override
				public void message(byte[] channel, byte[] message) {
					RedisLink.this.receiver.accept(channel, message);
				}

			});
			subscription.async().subscribe(this.channels).get(5, TimeUnit.SECONDS);
			this.publisher = redis.connect(ByteArrayCodec.INSTANCE);
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
	 * @param bookkeeping whether it is one of the cluster's own messages, which may use the reserve
	 * @return when Redis has taken it, or {@code null} if it was refused: not connected, or too many waiting already
	 */
	@Nullable CompletionStage<Long> publish(byte[] channel, byte[] message, boolean bookkeeping) {
		StatefulRedisConnection<byte[], byte[]> connection = this.publisher;
		if (connection == null || !connection.isOpen()) {
			return null;
		}
		int limit = this.publishBuffer + (bookkeeping ? BOOKKEEPING_RESERVE : 0);
		if (this.inFlight.incrementAndGet() > limit) {
			this.inFlight.decrementAndGet();
			return null;
		}
		try {
			return connection.async()
				.publish(channel, message)
				.whenComplete((receivers, ex) -> this.inFlight.decrementAndGet());
		}
		catch (RuntimeException ex) {
			this.inFlight.decrementAndGet();
			return null;
		}
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
