package com.salesrank.api.cache;

import java.time.Clock;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * The cache tiers. Redis is reached through Jedis (Boot's JedisConnectionFactory, pooled; the pool
 * and timeouts are spring.data.redis.* in application.yml) rather than Boot's default Lettuce: a
 * Redis hit is a blocking GET on the request thread either way, and Jedis does the socket I/O on
 * that thread, where Lettuce hands each command to its event-loop thread and the reply back, two
 * thread switches per request on the Redis tier's path (docs/benchmarks.md). A dead Redis
 * costs little with either: a refused connection fails at once, and the circuit breaker stops
 * the attempts.
 */
@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CacheConfiguration.class);

    @Bean
    RedisTemplate<String, byte[]> rankingRedisTemplate(RedisConnectionFactory connections) {
        RedisTemplate<String, byte[]> template = new RedisTemplate<>();
        template.setConnectionFactory(connections);
        template.setKeySerializer(RedisSerializer.string());
        template.setValueSerializer(RedisSerializer.byteArray());
        template.setEnableDefaultSerializer(false);
        template.afterPropertiesSet();
        return template;
    }

    /**
     * Resilience4j's breakers, each published to Micrometer (resilience4j_circuitbreaker_state and
     * friends in /actuator/prometheus). There is no Resilience4j starter for Boot 4, hence by hand.
     */
    @Bean
    CircuitBreakerRegistry circuitBreakerRegistry(MeterRegistry meters) {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        return registry;
    }

    @Bean
    CircuitBreaker redisCircuitBreaker(CircuitBreakerRegistry registry, CacheProperties properties) {
        return registry.circuitBreaker("redis", RedisBreaker.config(properties.redis(), Clock.systemUTC()));
    }

    @Bean
    RedisPageStore redisPageStore(RedisTemplate<String, byte[]> rankingRedisTemplate,
            CircuitBreaker redisCircuitBreaker, MeterRegistry meters, CacheProperties properties,
            RedisConnectionFactory connections) {
        if (properties.redis().enabled()) {
            warmUp(connections);
        }
        return new RedisPageStore(rankingRedisTemplate, new RedisBreaker(redisCircuitBreaker), meters);
    }

    /**
     * Opens a connection before the first request, so a cold JVM's first connection is not made
     * under a request's (tight) timeout. A Redis that is down now is fine: the breaker takes it
     * from here, and the pool connects again once Redis answers.
     */
    private static void warmUp(RedisConnectionFactory connections) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            try (RedisConnection connection = connections.getConnection()) {
                connection.ping();
                return;
            } catch (RuntimeException e) {
                last = e;
            }
        }
        log.warn("redis not reachable at startup, serving from the database until it is: {}",
                RedisPageStore.describe(last));
    }

    @Bean
    RememberedRuns rememberedRuns(CacheProperties properties, RedisPageStore redisPageStore) {
        return new RememberedRuns(properties, properties.redis().enabled() ? redisPageStore : null);
    }

    @Bean
    RankingCache rankingCache(CacheProperties properties, RedisPageStore redisPageStore, MeterRegistry meters) {
        return new RankingCache(properties, properties.redis().enabled() ? redisPageStore : null,
                databaseLoads(properties.loads(), meters), meters);
    }

    /** The bulkhead, with its running and waiting loads as gauges. */
    static DatabaseLoads databaseLoads(CacheProperties.Loads loads, MeterRegistry meters) {
        DatabaseLoads bulkhead = new DatabaseLoads(loads.concurrency(), loads.queue());
        Gauge.builder("salesrank.db.loads.running", bulkhead, DatabaseLoads::running)
                .description("Pages loading from the database now").register(meters);
        Gauge.builder("salesrank.db.loads.waiting", bulkhead, DatabaseLoads::waiting)
                .description("Page loads waiting for their turn (salesrank.cache.loads.queue at most)")
                .register(meters);
        return bulkhead;
    }
}
