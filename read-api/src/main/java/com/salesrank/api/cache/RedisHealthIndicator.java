package com.salesrank.api.cache;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * "redis" in /actuator/health (replaces Boot's own, which would report DOWN and
 * turn the whole health check into a 503 although requests are still answered
 * from the database). DEGRADED (HTTP 200) while Redis cannot be reached or the
 * circuit breaker (Resilience4j's, detail circuitBreaker) keeps commands from it.
 */
@Component("redisHealthIndicator")
class RedisHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "Redis unreachable: answering from the database");

    private final RedisConnectionFactory connections;
    private final CircuitBreaker breaker;
    private final CacheProperties properties;

    RedisHealthIndicator(RedisConnectionFactory connections, CircuitBreaker redisCircuitBreaker,
            CacheProperties properties) {
        this.connections = connections;
        this.breaker = redisCircuitBreaker;
        this.properties = properties;
    }

    @Override
    public Health health() {
        if (!properties.redis().enabled()) {
            return Health.up().withDetail("enabled", false).build();
        }
        Health.Builder health;
        try (RedisConnection connection = connections.getConnection()) {
            String pong = connection.ping();
            health = "PONG".equalsIgnoreCase(pong) ? Health.up() : Health.status(DEGRADED).withDetail("ping", pong);
        } catch (RuntimeException failure) {
            health = Health.status(DEGRADED).withDetail("error", RedisPageStore.describe(failure));
        }
        CircuitBreaker.State state = breaker.getState();
        if (state != CircuitBreaker.State.CLOSED) {
            health.status(DEGRADED);
        }
        return health.withDetail("circuitBreaker", state.name()).build();
    }
}
