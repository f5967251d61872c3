package io.mqttspring.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in headless Chromium: it connects to the broker over MQTT on WebSocket, shows readings as simulated
 * devices publish them, and shows a device offline when its connection drops (its will) and online again when it
 * reconnects. Skipped, saying why, where Debian's chromium and chromium-driver are not installed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "mqtt.broker.port=0",
        "mqtt.broker.persistence.path=target/test-data/${random.uuid}",
        "mqtt.broker.websocket.port=0", "mqtt.broker.sys-interval=1s", "demo.simulator.floors=1",
        "demo.simulator.rooms-per-floor=2", "demo.simulator.interval=300ms" })
class DashboardBrowserTests {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @LocalServerPort
    int port;

    WebDriver browser;

    @BeforeAll
    static void requireChromium() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Browser test skipped: install Debian's chromium and chromium-driver (" + CHROMIUM + ", "
                        + CHROMEDRIVER + "), as .ci/run does");
    }

    @BeforeEach
    void openBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
        this.browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() {
        if (this.browser != null) {
            this.browser.quit();
        }
    }

    @Test
    void pageShowsLiveReadingsAndDeviceGoingOffline() {
        this.browser.get("http://localhost:" + this.port + "/");
        WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.textToBe(By.id("connection"), "connected"));
        wait.until(ExpectedConditions.textMatches(By.id("temp-1-101"), java.util.regex.Pattern.compile("\\d+\\.\\d")));
        String first = this.browser.findElement(By.id("temp-1-101")).getText();
        wait.until(ExpectedConditions.textToBe(By.id("status-1-101"), "online"));
        wait.until(ExpectedConditions.not(ExpectedConditions.textToBe(By.cssSelector("[data-sys='uptime']"), "–")));

        this.browser.findElement(By.id("drop-1-101")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status-1-101"), "offline"));
        assertThat(this.browser.findElement(By.id("room-1-101")).getAttribute("data-status")).isEqualTo("offline");
        // the neighbour keeps publishing meanwhile
        wait.until(ExpectedConditions.textToBe(By.id("status-1-102"), "online"));
        // the simulator reconnects the device a few seconds later
        wait.until(ExpectedConditions.textToBe(By.id("status-1-101"), "online"));
        assertThat(first).matches("\\d+\\.\\d");
    }

    @Test
    @DisplayName("the page draws each room's temperature and the broker's message rate as live uPlot charts, the "
            + "library served as a WebJar")
    void pageDrawsLiveCharts() {
        this.browser.get("http://localhost:" + this.port + "/");
        WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.textToBe(By.id("connection"), "connected"));
        wait.until((driver) -> points(driver, "temperature-chart") > 0);
        // the message rate needs two $SYS reports
        wait.until((driver) -> points(driver, "rate-chart") > 0);
        assertThat(this.browser.findElements(By.cssSelector("#temperature-chart canvas"))).isNotEmpty();
        assertThat(this.browser.findElements(By.cssSelector("#temperature-chart .u-legend .u-series")))
            .hasSizeGreaterThan(1);
    }

    private static int points(WebDriver driver, String chart) {
        String points = driver.findElement(By.id(chart)).getAttribute("data-points");
        return (points != null) ? Integer.parseInt(points) : 0;
    }

}
