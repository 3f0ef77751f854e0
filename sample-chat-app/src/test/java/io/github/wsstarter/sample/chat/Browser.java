package io.github.wsstarter.sample.chat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.fail;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) showing the chat page. The driver
 * and the browser are given explicitly, so Selenium Manager never tries to download anything.
 * <p>
 * Without the packages the browser tests are skipped with a loud message, unless {@code E2E_REQUIRED=true} is set
 * (as {@code .ci/run} does): then they fail.
 */
final class Browser implements AutoCloseable {

	static final Duration TIMEOUT = Duration.ofSeconds(15);

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private final WebDriver driver;

	private final WebDriverWait wait;

	private Browser() throws IOException {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1000,700",
				"--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
		this.wait = new WebDriverWait(this.driver, TIMEOUT);
	}

	/** Skip (or fail, when a browser is required) if Chromium is not installed. */
	static void assumeInstalled() {
		if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
			return;
		}
		String message = "Browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
				+ " (apt-get install chromium chromium-driver)";
		if (Boolean.parseBoolean(System.getenv("E2E_REQUIRED"))) {
			fail(message + ", and E2E_REQUIRED=true says a browser is required");
		}
		System.err.println("\n*** SKIPPING THE BROWSER TESTS: " + message + " ***\n");
		Assumptions.abort(message);
	}

	static Browser open(int port) throws IOException {
		Browser browser = new Browser();
		browser.driver.get("http://localhost:" + port + "/");
		return browser;
	}

	/** Pick a nickname on the page and wait until the chat shows. */
	Browser enter(String nick) {
		submitNick(nick);
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("message")));
		awaitText("online", nick);
		return this;
	}

	/** Type a nickname into the form and press Enter, whatever the server answers. */
	Browser submitNick(String nick) {
		WebElement field = this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nick")));
		field.clear();
		field.sendKeys(nick, Keys.ENTER);
		return this;
	}

	/** Click a room in the room list. */
	Browser switchRoom(String room) {
		this.wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//ul[@id='rooms']//button[text()='" + room + "']")))
			.click();
		// textContent, not the text as shown: CSS shows headings in capitals
		this.wait.until(ExpectedConditions.attributeToBe(By.id("room-name"), "textContent", room));
		return this;
	}

	/** Type a message and press Enter, as a person would. */
	Browser say(String text) {
		this.driver.findElement(By.id("message")).sendKeys(text, Keys.ENTER);
		return this;
	}

	/** Wait until the element shows the text. */
	Browser awaitText(String id, String text) {
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id(id), text));
		return this;
	}

	Browser awaitText(String id, String text, Duration timeout) {
		new WebDriverWait(this.driver, timeout)
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id(id), text));
		return this;
	}

	String text(String id) {
		return this.driver.findElement(By.id(id)).getText();
	}

	/** Save what the page looks like into target/screenshots. */
	Path screenshot(String name) {
		File shot = ((TakesScreenshot) this.driver).getScreenshotAs(OutputType.FILE);
		try {
			Path target = Path.of("target", "screenshots", name);
			Files.createDirectories(target.getParent());
			return Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
