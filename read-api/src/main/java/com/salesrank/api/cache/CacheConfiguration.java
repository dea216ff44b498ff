package com.salesrank.api.cache;

import io.lettuce.core.ClientOptions;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CacheConfiguration.class);

    /**
     * While Lettuce is disconnected it would queue commands and let each wait
     * out its timeout; rejecting them makes a dead Redis fail in microseconds.
     * Lettuce keeps reconnecting in the background, so caching resumes by itself.
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
        return options -> options
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

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

    @Bean
    CircuitBreaker redisCircuitBreaker(CacheProperties properties) {
        return new CircuitBreaker("redis", properties.redis().failureThreshold(), properties.redis().openDuration(),
                System::nanoTime);
    }

    @Bean
    RedisPageStore redisPageStore(RedisTemplate<String, byte[]> rankingRedisTemplate,
            CircuitBreaker redisCircuitBreaker, MeterRegistry meters, CacheProperties properties,
            RedisConnectionFactory connections) {
        if (properties.redis().enabled()) {
            warmUp(connections);
        }
        return new RedisPageStore(rankingRedisTemplate, redisCircuitBreaker, meters);
    }

    /**
     * Opens the shared connection before the first request: Lettuce's handshake
     * runs under the (tight) command timeout, which a cold JVM's first
     * connection can miss. A Redis that is down now is fine: the breaker and
     * Lettuce's reconnects take it from here.
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
    RankingCache rankingCache(CacheProperties properties, RedisPageStore redisPageStore, MeterRegistry meters) {
        return new RankingCache(properties, properties.redis().enabled() ? redisPageStore : null, meters);
    }
}
