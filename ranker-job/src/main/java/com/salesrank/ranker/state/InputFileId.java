package com.salesrank.ranker.state;

import org.apache.hadoop.fs.EtagSource;
import org.apache.hadoop.fs.FileStatus;

/**
 * How an incremental run recognises a raw log file it has already read: its path, length and
 * modification time, plus the object's ETag where the store has one (S3). A file whose identity
 * changed (a log appended to, or rewritten) is read again and its earlier slice is withdrawn.
 *
 * @param etag empty when the file system has none
 */
public record InputFileId(String path, long length, long modificationTime, String etag) {

    public static InputFileId of(FileStatus status) {
        String etag = status instanceof EtagSource source && source.getEtag() != null ? source.getEtag() : "";
        return new InputFileId(status.getPath().toString(), status.getLen(), status.getModificationTime(), etag);
    }
}
