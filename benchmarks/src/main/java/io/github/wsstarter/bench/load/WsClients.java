package io.github.wsstarter.bench.load;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketClientCompressionHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;

/**
 * Lean WebSocket clients on Netty: one event loop per core, no per-message allocation beyond Netty's frames, text
 * payloads handed over as {@link ByteBuf}s. The load generator must not be the bottleneck on two cores.
 */
final class WsClients implements AutoCloseable {

	/** Receives the text frames of one connection, on that connection's event loop thread. */
	interface Listener {

		void onText(Channel channel, ByteBuf content);

	}

	private final EventLoopGroup group;

	private final Bootstrap bootstrap;

	/** Whether every connection offers per-message compression, as browsers do. */
	private final boolean deflate;

	WsClients(int threads, boolean deflate) {
		this.deflate = deflate;
		this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
		this.bootstrap = new Bootstrap().group(this.group)
			.channel(NioSocketChannel.class)
			.option(ChannelOption.TCP_NODELAY, true)
			.option(ChannelOption.SO_KEEPALIVE, false);
	}

	/** Open a connection; the future completes when the WebSocket handshake has. */
	CompletableFuture<Channel> connect(URI uri, Listener listener) {
		CompletableFuture<Channel> handshake = new CompletableFuture<>();
		WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
			.webSocketUri(uri)
			.maxFramePayloadLength(1 << 20)
			.handshakeTimeoutMillis(30_000)
			.allowExtensions(this.deflate)
			.build();
		Bootstrap connection = this.bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
			@Override
			protected void initChannel(SocketChannel channel) {
				channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192));
				if (WsClients.this.deflate) {
					channel.pipeline().addLast(new WebSocketClientCompressionHandler(0));
				}
				channel.pipeline()
					.addLast(new WebSocketClientProtocolHandler(config), new SimpleChannelInboundHandler<TextWebSocketFrame>() {
								@Override
								protected void channelRead0(ChannelHandlerContext context, TextWebSocketFrame frame) {
									listener.onText(context.channel(), frame.content());
								}

								@Override
								public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
									if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
										handshake.complete(context.channel());
									}
									else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
										handshake.completeExceptionally(new IllegalStateException("handshake timeout"));
									}
									super.userEventTriggered(context, event);
								}

								@Override
								public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
									handshake.completeExceptionally(cause);
									context.close();
								}

								@Override
								public void channelInactive(ChannelHandlerContext context) {
									handshake.completeExceptionally(new IllegalStateException("connection closed"));
								}
							});
			}
		});
		connection.connect(uri.getHost(), uri.getPort()).addListener((future) -> {
			if (!future.isSuccess()) {
				handshake.completeExceptionally(future.cause());
			}
		});
		return handshake;
	}

	/** Parse the decimal number at the start of the payload, up to the first ':'. */
	static long leadingNumber(ByteBuf content) {
		long value = 0;
		boolean negative = false;
		for (int i = content.readerIndex(); i < content.writerIndex(); i++) {
			byte b = content.getByte(i);
			if (b == ':') {
				break;
			}
			if (b == '-') {
				negative = true;
			}
			else {
				value = value * 10 + (b - '0');
			}
		}
		return negative ? -value : value;
	}

	/** Parse the second colon-separated number of the payload. */
	static long secondNumber(ByteBuf content) {
		int colon = content.indexOf(content.readerIndex(), content.writerIndex(), (byte) ':');
		return leadingNumber(content.slice(colon + 1, content.writerIndex() - colon - 1));
	}

	@Override
	public void close() {
		this.group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
	}

}
