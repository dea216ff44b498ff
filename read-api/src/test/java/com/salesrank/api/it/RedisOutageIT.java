package com.salesrank.api.it;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Redis stopped mid-test: every request still answered (from the database); Redis back: caching resumes. */
class RedisOutageIT extends ReadApiIntegrationTest {

    @Autowired
    CircuitBreaker redisCircuitBreaker;

    @Autowired
    StringRedisTemplate redis;

    @Test
    void aDeadRedisCostsNoErrorsAndCachingResumesWhenItReturns() throws Exception {
        int category = freshCategory();
        var ranking = RankingFixtures.ranking();
        ranking.put(category, sold(1001, 50, 1002, 40));
        RankingFixtures.Published run = FIXTURES.publish(ranking);
        FIXTURES.awaitReplicated(run.runId());
        await().atMost(Duration.ofSeconds(10)).until(() ->
                json(get("/api/v1/popular?category_id=" + category)).get("run_id").asLong() == run.runId());
        assertThat(redis.hasKey(key(run, category, 0))).isTrue();

        REDIS.stop();
        try {
            double loadsBefore = databaseLoads();
            double errorsBefore = count("salesrank.cache.redis.errors");
            for (int offset = 1; offset <= 20; offset++) { // each a distinct key: no near-cache help
                HttpResponse<String> response = get("/api/v1/popular?category_id=" + category + "&offset=" + offset
                        + "&limit=1");
                assertThat(response.statusCode()).as("request %d with Redis down", offset).isEqualTo(200);
                JsonNode items = json(response).get("items");
                if (offset == 1) {
                    assertThat(items.get(0).get("product_id").asLong()).isEqualTo(1002);
                }
            }
            assertThat(databaseLoads()).as("answered from the database").isEqualTo(loadsBefore + 20);
            assertThat(redisCircuitBreaker.getState()).isNotEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(count("salesrank.cache.redis.errors") - errorsBefore)
                    .as("the breaker stops trying after its threshold (5), bar a half-open trial")
                    .isBetween(1.0, 8.0);
            assertThat(count("salesrank.cache.redis.skipped")).isPositive();

            HttpResponse<String> health = get("/actuator/health");
            assertThat(health.statusCode()).as("degraded, not down: requests are answered").isEqualTo(200);
            assertThat(json(health).at("/components/redis/status").asString()).isEqualTo("DEGRADED");
            assertThat(json(health).at("/components/redis/details/circuitBreaker").asString()).isNotEqualTo("CLOSED");
            assertThat(get("/actuator/prometheus").body()).as("Resilience4j's gauge, via its Micrometer binding")
                    .containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\"redis\"[^}]*state=\"(open|half_open)\"[^}]*} 1\\.0");
        } finally {
            REDIS.start();
        }

        // a fresh, empty Redis: the breaker half-opens, its trial succeeds, misses fill Redis again
        // the test's own Redis client (the service's connection) may still be reconnecting after the
        // restart: its commands are rejected until then, which is not what this waits for
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .ignoreException(org.springframework.data.redis.RedisSystemException.class).untilAsserted(() -> {
            int offset = 100 + (int) (Math.random() * 9000);
            assertThat(get("/api/v1/popular?category_id=" + category + "&offset=" + offset).statusCode())
                    .isEqualTo(200);
            assertThat(redis.hasKey(key(run, category, offset))).isTrue();
        });
        assertThat(redisCircuitBreaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(json(get("/actuator/health")).at("/components/redis/status").asString()).isEqualTo("UP");
        assertThat(get("/actuator/prometheus").body())
                .containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\"redis\"[^}]*state=\"closed\"[^}]*} 1\\.0");
    }

    private static String key(RankingFixtures.Published run, int category, int offset) {
        return "salesrank:v1:run:" + run.runId() + ":cat:" + category + ":" + offset + ":10";
    }
}
