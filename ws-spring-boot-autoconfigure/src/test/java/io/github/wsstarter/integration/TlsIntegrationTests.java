package io.github.wsstarter.integration;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code wss://} with nothing but Spring Boot's own {@code server.ssl} settings, and a self-signed certificate made
 * for the test by the JDK's keytool.
 */
class TlsIntegrationTests {

	private static final String PASSWORD = "changeit";

	@Test
	void wssWorksWithServerSslSettings(@TempDir Path directory) throws Exception {
		Path keyStore = directory.resolve("server.p12");
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
				"-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore",
				keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
			.redirectErrorStream(true)
			.start();
		String keytoolOutput = new String(keytool.getInputStream().readAllBytes());
		assertThat(keytool.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(keytool.exitValue()).as(keytoolOutput).isZero();

		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class).run(
				"--server.port=0", "--server.ssl.key-store=" + keyStore, "--server.ssl.key-store-password=" + PASSWORD,
				"--server.ssl.key-store-type=PKCS12")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			BlockingQueue<String> received = new LinkedBlockingQueue<>();
			WebSocket socket = HttpClient.newBuilder()
				.sslContext(trusting(keyStore))
				.build()
				.newWebSocketBuilder()
				.buildAsync(URI.create("wss://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
					@Override
					public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
						received.add(data.toString());
						webSocket.request(1);
						return null;
					}
				})
				.get(10, TimeUnit.SECONDS);
			assertThat(received.poll(10, TimeUnit.SECONDS)).startsWith("id:");
			socket.sendText("over tls", true).get(10, TimeUnit.SECONDS);
			assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("echo:over tls");
			socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
		}
	}

	/** A client context that trusts the test's self-signed certificate and nothing else. */
	private static SSLContext trusting(Path keyStorePath) throws Exception {
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keyStorePath)) {
			keyStore.load(in, PASSWORD.toCharArray());
		}
		Certificate certificate = keyStore.getCertificate("server");
		KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
		trustStore.load(null, null);
		trustStore.setCertificateEntry("server", certificate);
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(trustStore);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trust.getTrustManagers(), null);
		return context;
	}

}
