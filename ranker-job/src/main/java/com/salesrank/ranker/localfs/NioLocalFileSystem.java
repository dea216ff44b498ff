package com.salesrank.ranker.localfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}) with permissions read and set through
 * java.nio instead of a shell. Without Hadoop's native library (not shipped in the
 * client jars), {@link RawLocalFileSystem} forks {@code ls -ld} for every file
 * status whose permission is read and {@code chmod} for every file and directory
 * it creates: a fork per hourly log listed and per file a job submission writes,
 * a visible part of a short local run. scripts/run-job.sh selects it with
 * {@code -D fs.file.impl=com.salesrank.ranker.localfs.NioLocalFileSystem}; a
 * cluster never uses it.
 */
public class NioLocalFileSystem extends LocalFileSystem {

    public NioLocalFileSystem() {
        super(new Raw());
    }

    /** The raw (checksum-less) part; MapTask and the shuffle use it through {@code getRaw()}. */
    static final class Raw extends RawLocalFileSystem {

        @Override
        public FileStatus getFileStatus(Path f) throws IOException {
            return withPermission(super.getFileStatus(f));
        }

        @Override
        public FileStatus[] listStatus(Path f) throws IOException {
            FileStatus[] statuses = super.listStatus(f);
            if (statuses == null) {
                return null;
            }
            for (int i = 0; i < statuses.length; i++) {
                statuses[i] = withPermission(statuses[i]);
            }
            return statuses;
        }

        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            if (permission.getStickyBit()) {
                super.setPermission(p, permission); // java.nio cannot set the sticky bit
                return;
            }
            Files.setPosixFilePermissions(pathToFile(p).toPath(), toPosix(permission.toShort()));
        }

        private FileStatus withPermission(FileStatus status) throws IOException {
            if (status.isSymlink()) {
                return status; // rare here; keep Hadoop's own handling
            }
            PosixFileAttributes attributes = Files.readAttributes(pathToFile(status.getPath()).toPath(),
                    PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            FsPermission permission = new FsPermission(fromPosix(attributes.permissions()));
            return new FileStatus(status.getLen(), status.isDirectory(), status.getReplication(),
                    status.getBlockSize(), status.getModificationTime(), status.getAccessTime(), permission,
                    attributes.owner().getName(), attributes.group().getName(), status.getPath());
        }
    }

    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    static short fromPosix(Set<PosixFilePermission> permissions) {
        short mode = 0;
        for (int bit = 0; bit < BITS.length; bit++) {
            if (permissions.contains(BITS[bit])) {
                mode |= (short) (1 << bit);
            }
        }
        return mode;
    }

    static Set<PosixFilePermission> toPosix(short mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BITS.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(BITS[bit]);
            }
        }
        return permissions;
    }
}
