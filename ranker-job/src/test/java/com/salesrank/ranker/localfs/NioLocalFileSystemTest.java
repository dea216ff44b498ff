package com.salesrank.ranker.localfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NioLocalFileSystemTest {

    @TempDir
    java.nio.file.Path dir;

    private static FileSystem open(Configuration conf) throws IOException {
        FileSystem fs = new NioLocalFileSystem();
        fs.initialize(java.net.URI.create("file:///"), conf);
        return fs;
    }

    @Test
    void reportsTheSameStatusesAsHadoopsShellBasedLocalFileSystem() throws IOException {
        java.nio.file.Path file = Files.writeString(dir.resolve("sales.log"), "x\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        Files.createDirectory(dir.resolve("hour"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x--x")));
        Configuration conf = new Configuration();
        LocalFileSystem hadoops = new LocalFileSystem();
        hadoops.initialize(java.net.URI.create("file:///"), conf);
        FileSystem ours = open(conf);

        for (String name : new String[] {"sales.log", "hour"}) {
            Path path = new Path(dir.resolve(name).toUri());
            FileStatus expected = hadoops.getFileStatus(path);
            FileStatus actual = ours.getFileStatus(path);
            assertThat(actual.getPermission()).isEqualTo(expected.getPermission());
            assertThat(actual.getOwner()).isEqualTo(expected.getOwner());
            assertThat(actual.getGroup()).isEqualTo(expected.getGroup());
            assertThat(actual.getLen()).isEqualTo(expected.getLen());
            assertThat(actual.isDirectory()).isEqualTo(expected.isDirectory());
            assertThat(actual.getModificationTime()).isEqualTo(expected.getModificationTime());
            assertThat(actual.getPath()).isEqualTo(expected.getPath());
        }
        FileStatus[] listed = ours.listStatus(new Path(dir.toUri()));
        assertThat(listed).hasSize(2);
        for (FileStatus status : listed) {
            assertThat(status.getPermission()).isEqualTo(hadoops.getFileStatus(status.getPath()).getPermission());
        }
        assertThat(ours.getFileStatus(new Path(dir.resolve("sales.log").toUri())).getPermission().toShort())
                .isEqualTo((short) 0640);
    }

    @Test
    void createsFilesAndDirectoriesWithTheRequestedPermissionAndChecksums() throws IOException {
        FileSystem fs = open(new Configuration());
        Path sub = new Path(dir.resolve("staging").toUri());
        assertThat(fs.mkdirs(sub, new FsPermission((short) 0700))).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("staging")))).isEqualTo("rwx------");

        Path file = new Path(sub, "job.xml");
        try (FSDataOutputStream out = FileSystem.create(fs, file, new FsPermission((short) 0644))) {
            out.writeBytes("<configuration/>");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("staging/job.xml")))).isEqualTo("rw-r--r--");
        assertThat(Files.exists(dir.resolve("staging/.job.xml.crc"))).isTrue(); // still a checksummed LocalFileSystem
        fs.setPermission(file, new FsPermission((short) 0600));
        assertThat(fs.getFileStatus(file).getPermission().toShort()).isEqualTo((short) 0600);
        assertThat(((LocalFileSystem) fs).getRaw()).isInstanceOf(NioLocalFileSystem.Raw.class);
    }

    @Test
    void modeBitsRoundTrip() {
        for (int mode = 0; mode < 01000; mode++) {
            assertThat(NioLocalFileSystem.fromPosix(NioLocalFileSystem.toPosix((short) mode))).isEqualTo((short) mode);
        }
        assertThat(PosixFilePermissions.toString(NioLocalFileSystem.toPosix((short) 0751))).isEqualTo("rwxr-x--x");
    }
}
