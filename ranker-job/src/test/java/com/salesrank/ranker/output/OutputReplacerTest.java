package com.salesrank.ranker.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replacing the output on the local file system, with the process "crashing" before each of its file
 * system changes in turn: after every crash, a recovery (what the next run does first) must leave the
 * output holding the old ranking or the new one, whole.
 */
class OutputReplacerTest {

    private static final Map<String, String> OLD = Map.of("part-r-00000", "old 0", "part-r-00001", "old 1", "_SUCCESS", "");
    private static final Map<String, String> NEW = Map.of("part-r-00000", "new 0", "part-r-00001", "new 1", "_SUCCESS", "");

    @TempDir
    java.nio.file.Path root;

    private final FileSystem local = localFs();

    @Test
    void replacesTheOutputAndLeavesNoBackup() throws IOException {
        Path output = dir("out/ranking", OLD);
        new OutputReplacer(local, output).replaceWith(dir("work/ranking", NEW));

        assertThat(contents(output)).isEqualTo(NEW);
        assertThat(local.exists(OutputReplacer.backupOf(output))).isFalse();
        assertThat(local.exists(path("work/ranking"))).isFalse();
    }

    @Test
    void movesTheRankingInWhenThereIsNoOutputYet() throws IOException {
        Path output = path("out/ranking");
        local.mkdirs(output.getParent());
        new OutputReplacer(local, output).replaceWith(dir("work/ranking", NEW));

        assertThat(contents(output)).isEqualTo(NEW);
    }

    @Test
    void aCrashBeforeAnyStepIsRecoveredToTheOldOrTheNewRanking() throws IOException {
        List<String> outcomes = new ArrayList<>();
        for (int crashAt = 0; ; crashAt++) {
            java.nio.file.Path caseRoot = root.resolve("case-" + crashAt);
            Path output = dir(caseRoot, "out/ranking", OLD);
            Path ranking = dir(caseRoot, "work/ranking", NEW);
            CrashingFs crashing = new CrashingFs(local, crashAt);
            try {
                new OutputReplacer(crashing, output).replaceWith(ranking);
                assertThat(contents(output)).isEqualTo(NEW);
                break; // no step left to crash before
            } catch (IOException crash) {
                assertThat(crash).hasMessageContaining("crash");
            }

            String recovered = new OutputReplacer(local, output).recover();

            Map<String, String> after = contents(output);
            assertThat(after).as("after a crash before step %d (%s)", crashAt, recovered).isIn(OLD, NEW);
            assertThat(local.exists(OutputReplacer.backupOf(output))).isFalse();
            outcomes.add(after.equals(OLD) ? "old" : "new");
        }
        // the crash points cover every step, so both outcomes occur (old before the marker, new after it)
        assertThat(outcomes).hasSizeGreaterThanOrEqualTo(3).contains("old", "new");
    }

    @Test
    void aBackupIsNeverOverwritten() throws IOException {
        // a run died after moving the old ranking aside; this run starts replacing before anyone recovered
        Path output = path("out/ranking");
        Path backup = OutputReplacer.backupOf(output);
        dir("out/" + backup.getName(), OLD);

        new OutputReplacer(local, output).replaceWith(dir("work/ranking", NEW));

        assertThat(contents(output)).isEqualTo(NEW);
        assertThat(local.exists(backup)).isFalse();
    }

    @Test
    void recoveringWithNothingToRecoverDoesNothing() throws IOException {
        Path output = dir("out/ranking", OLD);
        assertThat(new OutputReplacer(local, output).recover()).isNull();
        assertThat(contents(output)).isEqualTo(OLD);
    }

    @Test
    void aFailedRenameIsAnError() throws IOException {
        Path output = dir("out/ranking", OLD);
        assertThatThrownBy(() -> new OutputReplacer(local, output).replaceWith(path("work/missing")))
                .isInstanceOf(IOException.class); // "could not rename", or the file system's own FileNotFoundException
        // the old ranking is then in the backup, and the next run puts it back
        new OutputReplacer(local, output).recover();
        assertThat(contents(output)).isEqualTo(OLD);
    }

    /** Throws before its {@code crashAt}-th change to the file system (rename, delete, create). */
    private static final class CrashingFs extends FilterFileSystem {
        private int changesLeft;

        CrashingFs(FileSystem fs, int crashAt) {
            super(fs);
            this.changesLeft = crashAt;
        }

        private void change() throws IOException {
            if (changesLeft-- == 0) {
                throw new IOException("crash (injected)");
            }
        }

        @Override
        public boolean rename(Path src, Path dst) throws IOException {
            change();
            return super.rename(src, dst);
        }

        @Override
        public boolean delete(Path f, boolean recursive) throws IOException {
            change();
            return super.delete(f, recursive);
        }

        @Override
        public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                short replication, long blockSize, Progressable progress) throws IOException {
            change();
            return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
        }
    }

    private static FileSystem localFs() {
        try {
            return FileSystem.getLocal(new Configuration()).getRaw();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path path(String relative) {
        return new Path(root.resolve(relative).toAbsolutePath().toString());
    }

    private Path dir(String relative, Map<String, String> files) throws IOException {
        return dir(root, relative, files);
    }

    private static Path dir(java.nio.file.Path base, String relative, Map<String, String> files) throws IOException {
        java.nio.file.Path dir = Files.createDirectories(base.resolve(relative));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue());
        }
        return new Path(dir.toAbsolutePath().toString());
    }

    private static Map<String, String> contents(Path dir) throws IOException {
        java.nio.file.Path local = java.nio.file.Path.of(dir.toUri().getPath());
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(local)) {
            return files;
        }
        try (Stream<java.nio.file.Path> list = Files.list(local)) {
            for (java.nio.file.Path file : list.toList()) {
                files.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
