package com.salesrank.ranker.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.GenericOptionsParser;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

import com.salesrank.ranker.RankerConfigKeys;
import com.salesrank.ranker.publish.DatabaseSettings;

/**
 * {@code scripts/load-catalog.sh [--categories FILE] [--products FILE]}: loads the retailer's catalog
 * (category names, product titles) with {@link CatalogLoader}, as the catalog account of migration V6.
 * Files are read through Hadoop's FileSystem, so a local path and {@code s3a://} work alike.
 */
public final class CatalogTool extends Configured implements Tool {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_REFUSED = 3;

    static final String USER_ENV = "SALESRANK_CATALOG_USER";
    static final String PASSWORD_ENV = "SALESRANK_CATALOG_PASSWORD";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public CatalogTool() {
        this(System.out, System.err, System.getenv());
    }

    CatalogTool(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
    }

    public static void main(String[] args) throws Exception {
        System.exit(ToolRunner.run(new Configuration(), new CatalogTool(), args));
    }

    /** {@link ToolRunner#run}'s work, for tests: generic options, then {@link #run}. */
    int execute(Configuration conf, String... args) throws IOException {
        GenericOptionsParser parser = new GenericOptionsParser(conf, args);
        setConf(conf);
        return run(parser.getRemainingArgs());
    }

    @Override
    public int run(String[] args) {
        CatalogArguments arguments;
        try {
            arguments = CatalogArguments.parse(args);
        } catch (picocli.CommandLine.ParameterException e) {
            return usage(e.getMessage());
        }
        if (arguments.help) {
            out.print(CatalogArguments.usage());
            return EXIT_OK;
        }
        DatabaseSettings database;
        try {
            database = database();
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        List<CatalogFile> files = new ArrayList<>();
        if (arguments.categories != null) {
            files.add(file(CatalogTable.CATEGORIES, arguments.categories));
        }
        if (arguments.products != null) {
            files.add(file(CatalogTable.PRODUCTS, arguments.products));
        }
        try {
            CatalogLoad load = new CatalogLoader(database, arguments.maxReported).load(files);
            load.tables().forEach(this::reportBadLines);
            out.println(CatalogMessages.loaded(load));
            return EXIT_OK;
        } catch (CatalogRefusedException e) {
            e.checked().forEach(this::reportBadLines);
            err.println("error: refused: " + e.getMessage());
            return EXIT_REFUSED;
        } catch (CatalogLoadException e) {
            e.checked().forEach(this::reportBadLines);
            err.println("error: catalog load failed: " + e.getMessage());
            return EXIT_FAILED;
        }
    }

    private void reportBadLines(LoadedTable table) {
        String source = table.file().source();
        table.bad().reported().forEach(line -> err.println("bad line: " + source + " " + line));
        if (table.bad().unreported() > 0) {
            err.println(String.format(Locale.ROOT, "bad line: %s: %,d more bad lines not shown (--max-reported)",
                    source, table.bad().unreported()));
        }
    }

    private CatalogFile file(CatalogTable table, String name) {
        Path path = new Path(name);
        return new CatalogFile(table, name, () -> open(path));
    }

    /** The file's bytes; a name ending in .gz is gunzipped. */
    private InputStream open(Path path) throws IOException {
        FileSystem fs = path.getFileSystem(getConf());
        InputStream raw = fs.open(path, 1 << 20);
        return path.getName().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    private DatabaseSettings database() {
        String url = getConf().getTrimmed(RankerConfigKeys.DB_URL, env.getOrDefault(DatabaseSettings.URL_ENV, ""));
        String user = env.getOrDefault(USER_ENV, "");
        if (url.isBlank() || user.isBlank()) {
            throw new IllegalArgumentException("no database configured: set SALESRANK_DB_URL (or -D "
                    + RankerConfigKeys.DB_URL + "), " + USER_ENV + " and " + PASSWORD_ENV
                    + " (eval \"$(scripts/stack.sh env)\" sets them for the local stack)");
        }
        return new DatabaseSettings(url.trim(), user.trim(), env.getOrDefault(PASSWORD_ENV, ""));
    }

    private int usage(String reason) {
        err.println("error: " + reason);
        err.print(CatalogArguments.usage());
        return EXIT_USAGE;
    }
}
