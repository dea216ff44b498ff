package com.salesrank.ranker.progress;

/**
 * What a running job reports at one poll, as read: the reporter ({@link StageProgress}) makes it monotonic.
 * Hadoop's own map progress is not part of it: in local mode {@code LocalJobRunner} sets it to 1 whenever any
 * map ends, until the next task status update averages it again, so it jumps between 100% and less.
 *
 * @param bytesRead  bytes of the input splits the maps have read ({@code InputCounter.SPLIT_BYTES_READ})
 * @param splitBytes the input splits' total length, the maps' whole work; negative when unknown
 * @param reduce     the reduces' progress, 0..1, as Hadoop reports it (meaningless when {@code hasReduce} is false)
 * @param hasReduce  false for a map-only job
 * @param records    records the maps have read so far; negative when unknown
 */
record JobSnapshot(long bytesRead, long splitBytes, float reduce, boolean hasReduce, long records) {
}
