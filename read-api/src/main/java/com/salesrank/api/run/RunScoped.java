package com.salesrank.api.run;

/** An answer and the live full run it was read with: the run goes into the cache key and the ETag, not the body. */
public record RunScoped<T>(PublishedRun run, T body) {
}
