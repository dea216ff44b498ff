package com.salesrank.api.ranking;

/** An answer and the live full run it was read with: the run goes into the cache key and the ETag, not the body. */
record RunScoped<T>(PublishedRun run, T body) {
}
