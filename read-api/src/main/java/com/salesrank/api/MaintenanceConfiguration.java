package com.salesrank.api;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The clock and the background threads (run-id polling, replica probes) the service shares. */
@Configuration(proxyBeanMethods = false)
class MaintenanceConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService maintenanceScheduler() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newScheduledThreadPool(2, task -> {
            Thread thread = new Thread(task, "salesrank-maintenance-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
