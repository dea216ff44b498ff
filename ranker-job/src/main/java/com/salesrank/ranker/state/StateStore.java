package com.salesrank.ranker.state;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IOUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state directory of incremental runs, on any Hadoop file system:
 * <pre>
 *   STATE/_lock                        held by the one run using the state
 *   STATE/MANIFEST-000000000042        the committed state (the highest number wins)
 *   STATE/gen-000000000042/slices/s-N  slices written by generation 42's run
 *   STATE/gen-000000000042/totals/...  the totals of generation 42's window, and their index
 * </pre>
 * A run writes its files into a new {@code gen-} directory, then commits by writing its manifest under a
 * temporary name and renaming it into place (one small object on S3, so it appears whole or not at all).
 * A run that dies before that leaves the previous manifest, and the files it points to, as they were;
 * what the dead run wrote is unreferenced and removed by the next commit.
 */
public final class StateStore {

    static final String MANIFEST_PREFIX = "MANIFEST-";
    static final String LOCK_FILE = "_lock";
    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);

    private final FileSystem fs;
    private final Path root;

    private StateStore(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    public static StateStore open(Path dir, Configuration conf) throws IOException {
        FileSystem fs = fileSystem(dir, conf);
        Path root = fs.makeQualified(dir);
        fs.mkdirs(root);
        return new StateStore(fs, root);
    }

    /**
     * The file system state files are written and read through. On the local file system that is the raw one:
     * the state carries its own line counts and CRC-32s, which a run checks and answers by rebuilding, while a
     * {@code .crc} side file of Hadoop's checksummed local file system would fail the job instead.
     */
    public static FileSystem fileSystem(Path dir, Configuration conf) throws IOException {
        FileSystem fs = dir.getFileSystem(conf);
        return fs instanceof org.apache.hadoop.fs.ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
    }

    public Path root() {
        return root;
    }

    public FileSystem fileSystem() {
        return fs;
    }

    public Path resolve(String relative) {
        return new Path(root, relative);
    }

    public String relativize(Path path) {
        String full = fs.makeQualified(path).toString();
        String prefix = root.toString() + "/";
        if (!full.startsWith(prefix)) {
            throw new IllegalArgumentException(path + " is not inside the state directory " + root);
        }
        return full.substring(prefix.length());
    }

    public Path generationDir(long generation) {
        return new Path(root, String.format(Locale.ROOT, "gen-%012d", generation));
    }

    /** The directory of {@code generation}'s files, created empty (what a run of that generation left when it died goes). */
    public Path freshGenerationDir(long generation) throws IOException {
        Path dir = generationDir(generation);
        fs.delete(dir, true);
        fs.mkdirs(dir);
        return dir;
    }

    /**
     * Takes the state's lock, waiting up to {@code wait} for another run to release it. A lock left by a
     * process that no longer runs on this host is taken over (a killed run cannot release it).
     *
     * @throws StateLockedException if another live run holds it after the wait
     */
    public Lock lock(Duration wait) throws IOException {
        Path lock = new Path(root, LOCK_FILE);
        long deadline = System.nanoTime() + wait.toNanos();
        String me = owner();
        while (true) {
            try (FSDataOutputStream out = fs.create(lock, false)) {
                out.write(me.getBytes(StandardCharsets.UTF_8));
                return new Lock(lock);
            } catch (FileAlreadyExistsException held) {
                String holder = read(lock).trim();
                if (isDeadProcessOnThisHost(holder)) {
                    LOG.warn("state {}: taking over the lock of {}, which no longer runs", root, holder);
                    fs.delete(lock, false);
                    continue;
                }
                if (System.nanoTime() >= deadline) {
                    throw new StateLockedException("state " + root + " is in use by another run (" + holder
                            + "); not starting a second one on it");
                }
                sleep();
            } catch (FileNotFoundException released) {
                // the holder released it between our create and read: try again
            }
        }
    }

    /**
     * The committed state.
     *
     * @throws StateException if there is none, or it is unreadable, or a file it names is missing or has
     *     another length than it was written with
     */
    public StateManifest load() throws IOException {
        FileStatus newest = newestManifest();
        if (newest == null) {
            throw new StateException("no state in " + root + " yet");
        }
        StateManifest manifest = StateManifest.parse(read(newest.getPath()), newest.getPath().getName());
        for (TotalsPart part : manifest.totals()) {
            checkLength(part.file(), part.bytes());
        }
        checkLength(manifest.totalsIndex().file(), manifest.totalsIndex().bytes());
        for (SliceEntry slice : manifest.slices()) {
            if (!fs.exists(resolve(slice.file()))) {
                throw new StateException("state " + root + ": slice " + slice.file() + " is missing");
            }
        }
        return manifest;
    }

    /** The generation a new run writes: above every manifest present, readable or not. */
    public long nextGeneration() throws IOException {
        FileStatus newest = newestManifest();
        return newest == null ? 1 : generationOf(newest.getPath()) + 1;
    }

    /** Makes {@code manifest} the state, atomically, then removes what no manifest refers to any more. */
    public void commit(StateManifest manifest) throws IOException {
        Path tmp = new Path(root, "_" + MANIFEST_PREFIX + manifest.generation() + ".tmp");
        try (OutputStream out = fs.create(tmp, true)) {
            out.write(manifest.format().getBytes(StandardCharsets.UTF_8));
        }
        Path target = new Path(root, String.format(Locale.ROOT, "%s%012d", MANIFEST_PREFIX, manifest.generation()));
        if (!fs.rename(tmp, target)) {
            throw new IOException("could not commit the state: rename " + tmp + " to " + target + " failed");
        }
        collectGarbage(manifest, target.getName());
    }

    private void collectGarbage(StateManifest current, String currentManifest) throws IOException {
        Set<String> referenced = new HashSet<>();
        current.slices().forEach(s -> referenced.add(s.file()));
        current.totals().forEach(t -> referenced.add(t.file()));
        referenced.add(current.totalsIndex().file());
        Set<String> referencedDirs = new HashSet<>();
        for (String file : referenced) {
            referencedDirs.add(file.substring(0, file.indexOf('/')));
        }
        for (FileStatus child : fs.listStatus(root)) {
            String name = child.getPath().getName();
            if (name.startsWith(MANIFEST_PREFIX) && !name.equals(currentManifest)
                    || name.startsWith("_" + MANIFEST_PREFIX)) {
                fs.delete(child.getPath(), false);
            } else if (name.startsWith("gen-") && !referencedDirs.contains(name)) {
                fs.delete(child.getPath(), true);
            } else if (name.startsWith("gen-")) {
                deleteUnreferenced(child.getPath(), referenced);
            }
        }
    }

    private void deleteUnreferenced(Path dir, Set<String> referenced) throws IOException {
        for (FileStatus child : fs.listStatus(dir)) {
            if (child.isDirectory()) {
                deleteUnreferenced(child.getPath(), referenced);
            } else if (!referenced.contains(relativize(child.getPath()))) {
                fs.delete(child.getPath(), false);
            }
        }
    }

    private FileStatus newestManifest() throws IOException {
        FileStatus[] manifests = fs.listStatus(root, p -> p.getName().startsWith(MANIFEST_PREFIX));
        return Arrays.stream(manifests).max((a, b) -> Long.compare(generationOf(a.getPath()), generationOf(b.getPath())))
                .orElse(null);
    }

    private static long generationOf(Path manifest) {
        try {
            return Long.parseLong(manifest.getName().substring(MANIFEST_PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void checkLength(String relative, long bytes) throws IOException {
        FileStatus status;
        try {
            status = fs.getFileStatus(resolve(relative));
        } catch (FileNotFoundException e) {
            throw new StateException("state " + root + ": " + relative + " is missing");
        }
        if (status.getLen() != bytes) {
            throw new StateException("state " + root + ": " + relative + " has " + status.getLen()
                    + " bytes, the manifest says " + bytes);
        }
    }

    private String read(Path path) throws IOException {
        try (InputStream in = fs.open(path)) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            IOUtils.copyBytes(in, bytes, 8192, false);
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private static String owner() throws IOException {
        return "pid " + ProcessHandle.current().pid() + " on " + InetAddress.getLocalHost().getHostName() + " since "
                + Instant.now();
    }

    private static boolean isDeadProcessOnThisHost(String holder) {
        String[] words = holder.split(" ");
        if (words.length < 4 || !words[0].equals("pid")) {
            return false;
        }
        try {
            long pid = Long.parseLong(words[1]);
            return words[3].equals(InetAddress.getLocalHost().getHostName())
                    && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException | IOException e) {
            return false;
        }
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the state lock");
        }
    }

    /** Held while a run uses the state; closing releases it. */
    public final class Lock implements AutoCloseable {
        private final Path path;

        private Lock(Path path) {
            this.path = path;
        }

        @Override
        public void close() throws IOException {
            fs.delete(path, false);
        }
    }
}
