package com.salesrank.api.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The serving tier on its real parts: two read-api instances (the built jar, as separate JVMs)
 * behind a real nginx, both started by scripts/serve.sh exactly as an operator starts them, in a
 * serving directory of their own under target/ and on free ports. The local stack (primary, replica,
 * Redis) is the one scripts/stack.sh runs.
 *
 * <p>The tests run in order, on one tier: the cache and edge checks first, then an instance killed
 * and a rolling restart under load, then a new run going live, then both instances stopped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServingTierIT {

    /** The load spreads over these categories; the single-page checks use the ones above. */
    private static final int LOAD_CATEGORIES = 150;
    private static final int CATEGORIES = 200;
    private static final int ROWS = 30;
    /** Enough to keep both instances busy; more would only slow the instances' start on two shared cores. */
    private static final int LOAD_CLIENTS = 2;
    private static final Pattern RUN_ID = Pattern.compile("\"run_id\":(\\d+)");
    private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d+)");

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private static StackEnvironment stack;
    private static RankingFixtures fixtures;
    private static Path repository;
    private static Path serveDir;
    private static Map<String, String> serveEnv;
    private static int edgePort;
    private static String edge;
    private static long firstRun;

    @BeforeAll
    static void startTheTier() throws Exception {
        stack = StackEnvironment.require();
        fixtures = new RankingFixtures(stack);
        firstRun = publish(0, Instant.now());
        repository = StackEnvironment.repositoryRoot();
        serveDir = repository.resolve("read-api/target/serving-it");
        // instance i on base + 2(i-1), its ops page on the next port; nginx after them
        int base = freePortBlock(5);
        edgePort = base + 4;
        serveEnv = new LinkedHashMap<>();
        serveEnv.put("SALESRANK_SERVE_DIR", serveDir.toString());
        serveEnv.put("SALESRANK_API_PORT", Integer.toString(edgePort));
        serveEnv.put("SALESRANK_API_INSTANCE_PORT_BASE", Integer.toString(base));
        serveEnv.put("SALESRANK_API_INSTANCES", "2");
        // the jar this build just packaged (serve.sh would otherwise rebuild a stale one)
        serveEnv.put("SALESRANK_API_JAR", repository.resolve("read-api/target/read-api.jar").toString());
        serveEnv.put("SALESRANK_API_JAVA_OPTS", "-Xms128m -Xmx384m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        serve("down");
        // a fresh tier: nginx would load the cache of an earlier run's pages from its directory
        deleteRecursively(serveDir);
        serve("up");
        edge = "http://127.0.0.1:" + edgePort;
    }

    @AfterAll
    static void stopTheTier() throws Exception {
        if (serveEnv != null) {
            serve("down");
        }
    }

    @Test
    @Order(1)
    void aPageAnsweredTwiceIsAHitTheSecondTime() throws Exception {
        String popular = "/api/v1/popular?category_id=" + (LOAD_CATEGORIES + 1) + "&limit=5";
        HttpResponse<String> first = get(edge + popular);
        HttpResponse<String> second = get(edge + popular);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("X-Cache-Status")).hasValue("MISS");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("X-Cache-Status")).hasValue("HIT");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(runOf(second.body())).isEqualTo(firstRun);

        String page = "/best-sellers/" + (LOAD_CATEGORIES + 2);
        assertThat(get(edge + page).headers().firstValue("X-Cache-Status")).hasValue("MISS");
        HttpResponse<String> pageAgain = get(edge + page);
        assertThat(pageAgain.statusCode()).isEqualTo(200);
        assertThat(pageAgain.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(pageAgain.headers().firstValue("X-Cache-Status")).hasValue("HIT");
    }

    @Test
    @Order(2)
    void aGzipAnswersWeakEtagGetsA304() throws Exception {
        String url = edge + "/api/v1/products/" + product(LOAD_CATEGORIES + 3, 2) + "/rank";
        HttpResponse<byte[]> gzipped = HTTP.send(request(url).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(gzipped.statusCode()).isEqualTo(200);
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String etag = gzipped.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).startsWith("W/\"");

        HttpResponse<byte[]> revalidated = HTTP.send(request(url).header("Accept-Encoding", "gzip")
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(revalidated.body()).isEmpty();
        assertThat(revalidated.headers().firstValue("X-Cache-Status")).isPresent();

        // the API itself compares weakly too (RFC 9110: If-None-Match uses the weak comparison)
        for (String instance : instanceUrls()) {
            HttpResponse<String> direct = HTTP.send(request(instance + "/api/v1/products/"
                    + product(LOAD_CATEGORIES + 3, 2) + "/rank").header("If-None-Match", etag).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(direct.statusCode()).as(instance).isEqualTo(304);
        }
    }

    @Test
    @Order(3)
    void nginxsOwnErrorsAreProblemDocuments() throws Exception {
        // routed: the pages, with their own HTML answers (a 404 page too)
        for (String path : List.of("/", "/best-sellers", "/best-sellers/" + (LOAD_CATEGORIES + 3), "/movers",
                "/products/" + product(LOAD_CATEGORIES + 3, 1), "/products/0x")) {
            HttpResponse<String> page = get(edge + path);
            assertThat(page.statusCode()).as(path).isEqualTo(path.endsWith("x") ? 404 : 200);
            assertThat(page.headers().firstValue("Content-Type")).as(path)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        }
        // not routed: the ops page, other actuator endpoints, anything else
        for (String path : List.of("/ops", "/actuator/prometheus", "/actuator/health/readiness", "/index.html",
                "/error")) {
            HttpResponse<String> answer = get(edge + path);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertProblem(answer.headers().firstValue("Content-Type").orElse(""), answer.body(), 404);
        }
        // a body larger than the edge takes
        RawHttp.Response tooLarge = RawHttp.send(edgePort, "POST", "/api/v1/popular?category_id=1",
                "Content-Type: application/json", "Content-Length: 1048576");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertProblem(tooLarge.header("Content-Type"), tooLarge.bodyText(), 413);
        // headers larger than the edge takes
        RawHttp.Response bigHeader = RawHttp.send(edgePort, "GET", "/api/v1/popular?category_id=1",
                "X-Filler: " + "x".repeat(20_000));
        assertThat(bigHeader.status()).isEqualTo(400);
        assertProblem(bigHeader.header("Content-Type"), bigHeader.bodyText(), 400);
    }

    @Test
    @Order(4)
    void theApiSeesTheClientsAddressAndNotOneItClaims() throws Exception {
        long unknownViaEdge = 990_000_000L + ThreadLocalRandom.current().nextInt(1_000_000);
        long unknownDirect = unknownViaEdge + 1;
        // through nginx, a client's own X-Forwarded-For is replaced by its real address
        get(edge + "/api/v1/products/" + unknownViaEdge + "/rank", "X-Forwarded-For", "203.0.113.9");
        // straight from a trusted proxy's address (loopback), the header is believed
        get(instanceUrls().get(0) + "/api/v1/products/" + unknownDirect + "/rank", "X-Forwarded-For", "203.0.113.10");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(accessLogLine("/api/v1/products/" + unknownViaEdge + "/rank")).startsWith("127.0.0.1 ");
            assertThat(accessLogLine("/api/v1/products/" + unknownDirect + "/rank")).startsWith("203.0.113.10 ");
        });
    }

    @Test
    @Order(5)
    void anInstanceKilledMidLoadFailsNoRequest() throws Exception {
        List<String> pids = pids();
        try (Load load = new Load(edge, LOAD_CLIENTS)) {
            load.awaitMoreAnswers(150);
            new ProcessBuilder("kill", "-KILL", pids.get(0)).inheritIO().start().waitFor();
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(Long.parseLong(pids.get(0)))
                    .map(ProcessHandle::isAlive).orElse(false) == false);
            // answered while the instance is dead, then while it starts again (serve.sh up starts only it)
            load.awaitMoreAnswers(150);
            serve("up");
            load.awaitMoreAnswers(150);
            load.stop();
            load.assertOnly200Or304("instance 1 SIGKILLed, then serve.sh up");
        }
        List<String> after = pids();
        assertThat(after.get(0)).isNotEqualTo(pids.get(0));
        assertThat(after.get(1)).isEqualTo(pids.get(1));
    }

    @Test
    @Order(6)
    void aRollingRestartUnderLoadFailsNoRequest() throws Exception {
        List<String> before = pids();
        try (Load load = new Load(edge, LOAD_CLIENTS)) {
            load.awaitMoreAnswers(150);
            serve("restart");
            load.awaitMoreAnswers(150);
            load.stop();
            load.assertOnly200Or304("serve.sh restart");
        }
        List<String> after = pids();
        assertThat(after.get(0)).isNotEqualTo(before.get(0));
        assertThat(after.get(1)).isNotEqualTo(before.get(1));
    }

    @Test
    @Order(7)
    void aNewRunIsServedWithinTheCachedPagesMaxAgePlusOneSecond() throws Exception {
        String path = "/api/v1/popular?category_id=" + (LOAD_CATEGORIES + 10) + "&limit=3";
        // a run whose next publish is expected 15 s from now: its pages' max-age is at most that
        long expiring = publish(1, Instant.now().minus(Duration.ofHours(1)).plusSeconds(15));
        awaitInstancesServe(path, expiring);
        HttpResponse<String> cached = get(edge + path);
        assertThat(runOf(cached.body())).isEqualTo(expiring);
        long maxAge = maxAge(cached);
        assertThat(maxAge).isBetween(1L, 15L);

        long next = publish(2, Instant.now());
        awaitInstancesServe(path, next);
        await().atMost(Duration.ofSeconds(maxAge + 1)).pollInterval(Duration.ofMillis(100))
                .until(() -> runOf(get(edge + path).body()) == next);
    }

    @Test
    @Order(8)
    void frozenInstancesAreAGatewayTimeoutProblem() throws Exception {
        List<String> pids = pids();
        signal("STOP", pids);
        try {
            HttpResponse<String> answer = get(edge + "/api/v1/products/" + product(LOAD_CATEGORIES + 20, 5) + "/rank");
            assertThat(answer.statusCode()).isEqualTo(504);
            assertProblem(answer.headers().firstValue("Content-Type").orElse(""), answer.body(), 504);
        } finally {
            signal("CONT", pids);
        }
    }

    @Test
    @Order(9)
    void withBothInstancesStoppedACachedPageIsStillServed() throws Exception {
        String path = "/api/v1/popular?category_id=" + (LOAD_CATEGORIES + 30) + "&limit=8";
        await().atMost(Duration.ofSeconds(30)).until(() -> get(edge + path).statusCode() == 200);
        HttpResponse<String> cached = get(edge + path);
        assertThat(cached.headers().firstValue("X-Cache-Status")).hasValue("HIT");

        for (String pid : pids()) {
            ProcessHandle instance = ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
            instance.destroy();
            instance.onExit().get(60, TimeUnit.SECONDS);
        }
        HttpResponse<String> still = get(edge + path);
        assertThat(still.statusCode()).isEqualTo(200);
        assertThat(still.body()).isEqualTo(cached.body());
        assertThat(still.headers().firstValue("X-Cache-Status").orElse("")).isIn("HIT", "STALE");

        // a page nobody asked for yet: no instance, no copy: nginx's own 502, as a problem document
        HttpResponse<String> uncached = get(edge + "/api/v1/popular?category_id=" + (LOAD_CATEGORIES + 31));
        assertThat(uncached.statusCode()).isEqualTo(502);
        assertProblem(uncached.headers().firstValue("Content-Type").orElse(""), uncached.body(), 502);
    }

    // ------------------------------------------------------------------ the load

    /**
     * Clients through nginx, each asking for pages of many categories (most of them cache misses at
     * the edge, so they reach the instances): the ranking of a category with a random page size and
     * offset, a product's ranks, a best sellers page. Counts every answer by status; a request that
     * gets no answer (a reset, a timeout) counts as status -1.
     */
    private static final class Load implements AutoCloseable {

        private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        private final Map<String, LongAdder> cacheStatuses = new ConcurrentHashMap<>();
        private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong answers = new AtomicLong();
        private final List<Thread> clients = new ArrayList<>();

        Load(String edge, int clients) {
            for (int i = 0; i < clients; i++) {
                Thread client = new Thread(() -> run(edge), "load-" + i);
                client.setDaemon(true);
                client.start();
                this.clients.add(client);
            }
        }

        private void run(String edge) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (running.get()) {
                int category = random.nextInt(1, LOAD_CATEGORIES + 1);
                String path = switch (random.nextInt(4)) {
                    case 0, 1 -> "/api/v1/popular?category_id=" + category + "&offset=" + random.nextInt(0, 10)
                            + "&limit=" + random.nextInt(1, ROWS + 1);
                    case 2 -> "/api/v1/products/" + product(category, random.nextInt(1, ROWS + 1)) + "/rank";
                    default -> "/best-sellers/" + category;
                };
                int status;
                try {
                    HttpResponse<Void> answer = HTTP.send(request(edge + path).build(),
                            HttpResponse.BodyHandlers.discarding());
                    status = answer.statusCode();
                    cacheStatuses.computeIfAbsent(answer.headers().firstValue("X-Cache-Status").orElse("none"),
                            k -> new LongAdder()).increment();
                    if (status != 200 && status != 304 && failures.size() < 20) {
                        failures.add(status + " " + path);
                    }
                } catch (IOException e) {
                    status = -1;
                    if (failures.size() < 20) {
                        failures.add(e + " " + path);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
                answers.incrementAndGet();
            }
        }

        void awaitMoreAnswers(long more) {
            long target = answers.get() + more;
            await().atMost(Duration.ofSeconds(120)).until(() -> answers.get() >= target);
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread client : clients) {
                client.join(30_000);
            }
        }

        void assertOnly200Or304(String what) {
            Map<Integer, Long> byStatus = new java.util.TreeMap<>();
            statuses.forEach((status, count) -> byStatus.put(status, count.sum()));
            Map<String, Long> byCache = new java.util.TreeMap<>();
            cacheStatuses.forEach((status, count) -> byCache.put(status, count.sum()));
            System.out.println("ServingTierIT load (" + what + "): answers by status " + byStatus
                    + ", by X-Cache-Status " + byCache);
            assertThat(failures).as(what + ": answers other than 200/304 (first 20)").isEmpty();
            assertThat(byStatus.keySet()).as(what).allMatch(status -> status == 200 || status == 304);
            // the load reached the instances, not just nginx's cache
            assertThat(byCache.getOrDefault("MISS", 0L)).as(what + ": answers from an instance").isPositive();
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static long publish(int version, Instant publishedAt) throws Exception {
        Map<Integer, List<RankingFixtures.Sold>> ranking = RankingFixtures.ranking();
        for (int category = 1; category <= CATEGORIES; category++) {
            List<RankingFixtures.Sold> rows = new ArrayList<>();
            for (int rank = 1; rank <= ROWS; rank++) {
                rows.add(new RankingFixtures.Sold(product(category, rank), 100_000L + version - rank * 10L));
            }
            ranking.put(category, rows);
        }
        RankingFixtures.Published published = fixtures.publishAsOf(ranking, publishedAt);
        fixtures.awaitReplicated(published.runId());
        return published.runId();
    }

    private static long product(int category, int rank) {
        return category * 1000L + rank;
    }

    private static void awaitInstancesServe(String path, long run) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (String instance : instanceUrls()) {
                HttpResponse<String> direct = get(instance + path);
                if (direct.statusCode() != 200 || runOf(direct.body()) != run) {
                    return false;
                }
            }
            return true;
        });
    }

    private static long runOf(String json) {
        Matcher run = RUN_ID.matcher(json);
        return run.find() ? Long.parseLong(run.group(1)) : -1;
    }

    private static long maxAge(HttpResponse<?> answer) {
        Matcher maxAge = MAX_AGE.matcher(answer.headers().firstValue("Cache-Control").orElse(""));
        assertThat(maxAge.find()).as("Cache-Control has a max-age").isTrue();
        return Long.parseLong(maxAge.group(1));
    }

    private static void assertProblem(String contentType, String body, int status) {
        assertThat(contentType).startsWith("application/problem+json");
        assertThat(body).contains("\"status\":" + status).contains("\"title\":");
    }

    private static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
    }

    private static HttpResponse<String> get(String url, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(url);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The line of an instance's access log for the request to {@code path} (empty when none yet). */
    private static String accessLogLine(String path) throws IOException {
        List<Path> logs;
        try (Stream<Path> files = Files.walk(serveDir)) {
            logs = files.filter(f -> f.getFileName().toString().startsWith("access")).toList();
        }
        for (Path log : logs) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.contains("GET " + path + " ")) {
                    return line;
                }
            }
        }
        return "";
    }

    private static List<String> pids() throws Exception {
        return Arrays.asList(serveEnvValue("SALESRANK_API_PIDS").split(" "));
    }

    private static List<String> instanceUrls() {
        try {
            return Arrays.asList(serveEnvValue("SALESRANK_API_INSTANCE_URLS").split(" "));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String serveEnvValue(String name) throws Exception {
        for (String line : serve("env").split("\n")) {
            String prefix = "export " + name + "='";
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length(), line.length() - 1);
            }
        }
        throw new IllegalStateException("serve.sh env printed no " + name);
    }

    private static void signal(String signal, List<String> pids) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        command.addAll(pids);
        assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
    }

    /** Runs scripts/serve.sh with this test's serving directory and ports; returns its standard output. */
    private static String serve(String command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", repository.resolve("scripts/serve.sh").toString(), command)
                .directory(repository.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(serveEnv);
        Process process = builder.start();
        String out;
        try {
            out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("scripts/serve.sh " + command + " did not finish within 5 minutes");
        }
        assertThat(process.exitValue()).as("scripts/serve.sh " + command + " exit status").isZero();
        return out;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** The first of {@code count} consecutive free ports. */
    private static int freePortBlock(int count) throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            // below Linux's ephemeral range (32768..), where outgoing connections could take one meanwhile
            int base = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            boolean free = true;
            for (int port = base; port < base + count && free; port++) {
                try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                    socket.setReuseAddress(true);
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no " + count + " consecutive free ports found");
    }
}
