package com.salesrank.api.ranking;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.stereotype.Component;

/**
 * Where a page read again because a head run other than the one K was read for answered (a head was
 * swapped in meanwhile, which is rare) goes on: those reads wait for one another, which must never
 * happen on a database's own reader threads (the first read's answer arrives on one), so they run on
 * Boot's application task executor.
 */
@Component
class HeadChangeRetries {

    private final Executor executor;

    HeadChangeRetries(@Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) Executor executor) {
        this.executor = executor;
    }

    <T> CompletableFuture<T> supply(Supplier<T> reads) {
        return CompletableFuture.supplyAsync(reads, executor);
    }
}
