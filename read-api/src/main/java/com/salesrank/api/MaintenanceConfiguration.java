package com.salesrank.api;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The clock the service shares, and Boot's task scheduler for the background work (run-id polling,
 * replica probes): {@code @EnableScheduling} is what makes Boot auto-configure its
 * {@code ThreadPoolTaskScheduler}, sized and named by {@code spring.task.scheduling} in application.yml.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class MaintenanceConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
