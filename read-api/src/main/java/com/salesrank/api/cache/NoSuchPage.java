package com.salesrank.api.cache;

/**
 * Marks an exception a page's loader throws to say that the page does not exist (a product not ranked
 * in the category, a page past the end): the request's mistake, answered 404 by its handler. Such a
 * load has not failed, so {@link RankingCache} does not let Caffeine log it as a failed asynchronous
 * load (a WARN with a stack trace for every such request).
 */
public interface NoSuchPage {
}
