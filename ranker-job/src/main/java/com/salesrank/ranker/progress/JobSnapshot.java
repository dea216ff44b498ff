package com.salesrank.ranker.progress;

/**
 * How far a job is.
 *
 * @param map       the maps' progress, 0..1
 * @param reduce    the reduces' progress, 0..1 (meaningless when {@code hasReduce} is false)
 * @param hasReduce false for a map-only job
 * @param records   records the maps have read so far ({@code MAP_INPUT_RECORDS}); negative when unknown
 */
record JobSnapshot(float map, float reduce, boolean hasReduce, long records) {
}
