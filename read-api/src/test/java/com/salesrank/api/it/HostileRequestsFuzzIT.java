package com.salesrank.api.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded fuzz of well-formed but hostile HTTP requests (methods, paths with
 * every kind of bad percent-encoding, broken query strings, unparseable
 * headers) sent over raw sockets to the real service on the real stack. No
 * response may be a 500, and every 4xx and 5xx must be a problem document
 * with a detail. Bounded in count and in time; the seed is printed and can be
 * set with -Dfuzz.seed=N to replay a run.
 */
class HostileRequestsFuzzIT extends ReadApiIntegrationTest {

    private static final int REQUESTS = 3000;
    private static final Duration TIME_LIMIT = Duration.ofMinutes(3);

    private static final String[] METHODS = {"GET", "GET", "GET", "HEAD", "HEAD", "POST", "PUT", "DELETE", "PATCH",
        "OPTIONS", "TRACE", "FOO", "get", "PROPFIND"};
    private static final String[] PATHS = {"/api/v1/popular", "/api/v1/products/{id}/rank", "/api/v1/products/{id}",
        "/api/v1/products//rank", "/api/v1/", "/api", "/", "/actuator", "/actuator/health", "/actuator/health/{id}",
        "/actuator/health/replicas", "/actuator/health/redis/{id}", "/actuator/health/{id}/{id}", "/actuator/metrics", "/actuator/metrics/{id}",
        "/actuator/info", "/actuator/prometheus", "/actuator/{id}", "/v3/api-docs", "/v3/api-docs/{id}", "/error",
        "/error/{id}", "/{id}", "/api/v1/popular/{id}", "/swagger-ui.html", "/favicon.ico"};
    // Bad and odd percent-encodings, path tricks and plain junk, each valid HTTP syntax on the wire.
    private static final String[] SEGMENTS = {"%2F", "%2f", "%5C", "%00", "%C0%AF", "%C0%80", "%E0%80%AF", "%FF",
        "%zz", "%", "%2", "%G0", "%E2%82", "%ED%A0%80", "%F4%90%80%80", "..", "%2E%2E", "%2e", ".", ";", ";x=1",
        ";jsessionid=1", "%3B", "%20", "+", "%0D%0A", "%09", "%7F", "%25", "%25zz", "abc", "1", "-1", "0",
        "99999999999999999999", "9223372036854775808", "1e3", "0x10", "1.5", "%31", "~", "!", "$", "'", "(", ")",
        "*", ",", "=", "@", ":", "%3F", "%23", "%26", "%3D"};
    private static final String[] NAMES = {"category_id", "limit", "offset", "category_id", "limit", "x", "",
        "%zz", "%", "category%5Fid", "CATEGORY_ID", "category_id[]", "_", "%00"};
    private static final String[] VALUES = {"1", "7", "0", "-1", "100", "101", "10000", "10001", "2147483647",
        "2147483648", "99999999999999999999", "", "abc", "%zz", "%", "%2", "%00", "%C0%AF", "%FF", "1%00", "%20",
        "+1", "1+", "1.0", "1e2", "0x1", "%E2%82", "%ED%A0%80", "%31", "1;2", "1,2", "١", "%D9%A1"};
    private static final String[] HEADERS = {
        "Accept: a/b/c;;;", "Accept: */*;q=garbage", "Accept: ;", "Accept: text/html", "Accept: application/xml",
        "Accept: application/json;q=0", "Accept: */*;q=2", "Accept: application/*+json", "Accept: x",
        "Accept: */*, */*;;;q=0.5", "Accept: application/problem+json", "Accept: image/png;q=0.1, */*;q=0",
        "Accept-Charset: garbage", "Accept-Charset: utf-16", "Accept-Encoding: gzip;q=garbage",
        "Accept-Language: ;;;", "If-None-Match: garbage", "If-None-Match: *", "If-None-Match: \"",
        "If-None-Match: W/", "If-None-Match: ,,,,", "If-Modified-Since: yesterday", "If-Match: \"x\"",
        "Range: bytes=garbage", "Range: bytes=0-1", "Expect: garbage", "Expect: 100-continue",
        "Content-Type: a/b/c;;;", "Content-Type: application/json;charset=garbage", "Content-Type: ",
        "Content-Length: 0", "Origin: null", "Origin: http://evil.example", "Access-Control-Request-Method: GET",
        "X-Forwarded-For: garbage", "X-Forwarded-Proto: gopher", "Forwarded: for=\"", "Cookie: =;;;",
        "Cookie: JSESSIONID=%zz", "Authorization: Bearer", "Authorization: Basic %%%", "Upgrade: h2c",
        "TE: trailers", "Max-Forwards: -1", "Via: ;;;", "User-Agent: \\x00", "Referer: %zz"};

    @Test
    void noHostileRequestGetsA500AndEveryErrorIsAProblemDocument() throws Exception {
        int category = freshCategory();
        var ranking = RankingFixtures.ranking();
        ranking.put(category, sold(4001, 30, 4002, 20, 4003, 10));
        RankingFixtures.Published run = FIXTURES.publish(ranking);
        FIXTURES.awaitReplicated(run.runId());

        long seed = Long.getLong("fuzz.seed", 20_261_201L);
        System.out.println("HostileRequestsFuzzIT seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> findings = new ArrayList<>();
        long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
        int sent = 0;
        while (sent < REQUESTS && System.nanoTime() < deadline) {
            String method = pick(random, METHODS);
            String target = target(random, category);
            String[] headers = headers(random);
            RawHttp.Response response = "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method)
                    ? withBody(random, method, target, headers)
                    : RawHttp.send(port, method, target, headers);
            sent++;
            statuses.merge(response.status(), 1, Integer::sum);
            String finding = check(method, response);
            if (finding != null && findings.size() < 20) {
                findings.add(finding + " <- " + method + " " + target + " " + String.join(" | ", headers));
            }
        }
        System.out.println("HostileRequestsFuzzIT sent " + sent + " requests, statuses " + statuses);

        assertThat(findings).as("responses that broke the contract").isEmpty();
        assertThat(sent).as("requests sent within %s", TIME_LIMIT).isGreaterThanOrEqualTo(REQUESTS / 2);
        assertThat(statuses).as("the fuzz reached real answers too").containsKeys(200, 400, 404, 405);
        assertThat(statuses).doesNotContainKey(500);
    }

    /** What is wrong with the response, or null. */
    private static String check(String method, RawHttp.Response response) {
        int status = response.status();
        if (status < 0) {
            return "no response";
        }
        if (status == 500) {
            return "500";
        }
        if (status < 400) {
            return null;
        }
        String type = response.header("Content-Type");
        if (type == null || !type.startsWith("application/problem+json")) {
            return status + " with Content-Type " + type;
        }
        if ("HEAD".equals(method)) {
            return null; // no body to look at
        }
        try {
            ProblemResponsesIT.assertProblemBody(response);
        } catch (AssertionError | RuntimeException e) {
            return status + " body " + response.bodyText() + ": " + e.getMessage().lines().findFirst().orElse("");
        }
        return null;
    }

    private RawHttp.Response withBody(Random random, String method, String target, String[] headers)
            throws Exception {
        byte[] body = pick(random, new String[] {"{}", "{", "category_id=1", "\u0000\u0001", "[]"})
                .getBytes(StandardCharsets.ISO_8859_1);
        StringBuilder request = new StringBuilder();
        request.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        request.append("Host: 127.0.0.1:").append(port).append("\r\n");
        for (String header : headers) {
            if (!header.startsWith("Content-Length") && !header.startsWith("Expect")) {
                request.append(header).append("\r\n");
            }
        }
        request.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        byte[] head = request.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return RawHttp.exchange(port, all, false);
    }

    private static String target(Random random, int category) {
        String path = pick(random, PATHS);
        for (int at = path.indexOf("{id}"); at >= 0; at = path.indexOf("{id}")) {
            path = path.substring(0, at) + segment(random) + path.substring(at + 4);
        }
        if (random.nextInt(4) == 0) {
            int at = random.nextInt(path.length() + 1);
            path = path.substring(0, at) + segment(random) + path.substring(at);
        }
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        if (random.nextInt(5) == 0) {
            return path;
        }
        StringBuilder query = new StringBuilder();
        int pairs = random.nextInt(5);
        for (int i = 0; i < pairs; i++) {
            if (i > 0 || random.nextInt(10) == 0) {
                query.append(random.nextInt(10) == 0 ? "&&" : "&");
            }
            String name = pick(random, NAMES);
            String value = "category_id".equals(name) && random.nextBoolean() ? Integer.toString(category)
                    : pick(random, VALUES);
            query.append(name);
            if (random.nextInt(8) != 0) {
                query.append('=').append(value);
            }
        }
        return path + "?" + query;
    }

    private static String segment(Random random) {
        StringBuilder segment = new StringBuilder();
        int parts = 1 + random.nextInt(3);
        for (int i = 0; i < parts; i++) {
            segment.append(pick(random, SEGMENTS));
        }
        return segment.toString();
    }

    private static String[] headers(Random random) {
        int count = random.nextInt(4);
        String[] headers = new String[count];
        for (int i = 0; i < count; i++) {
            headers[i] = pick(random, HEADERS);
        }
        return headers;
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
