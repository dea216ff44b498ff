package com.salesrank.ranker.catalog;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@link CatalogTool}'s own arguments ({@code scripts/load-catalog.sh}), after Hadoop's generic options; parsed by picocli. */
@Command(name = "load-catalog.sh", usageHelpAutoWidth = true, sortOptions = false,
        customSynopsis = "load-catalog.sh [generic Hadoop options] [--categories FILE] [--products FILE]"
                + " [--max-reported N]",
        description = {"Replaces the catalog's category names and/or product titles whole: staging tables, then"
                + " one RENAME TABLE, then a catalog_loads row. Files are UTF-8, one `id<TAB>name` a line, plain"
                + " or .gz, a local path or any Hadoop file system URL (s3a://bucket/key).",
            "Bad lines (bad id, missing or empty name, over the column's length, duplicate id, invalid UTF-8)"
                + " are reported with their line number; more than 1 % bad lines in a file loads nothing."},
        footerHeading = "%n",
        footer = {"Database: SALESRANK_DB_URL (or -D salesrank.db.url), SALESRANK_CATALOG_USER,"
                + " SALESRANK_CATALOG_PASSWORD (the catalog account of migration V6)."},
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {
            "0:loaded (bad lines, if any, skipped and counted)",
            "1:load failed (the error line says whether the live catalog changed)",
            "2:bad arguments or no database",
            "3:refused: a file has more than 1 % bad lines; nothing loaded"})
final class CatalogArguments {

    @Option(names = "--categories", paramLabel = "FILE",
            description = "category_id<TAB>name lines, into categories (name: at most the column's length)")
    String categories;

    @Option(names = "--products", paramLabel = "FILE",
            description = "product_id<TAB>title lines, into products (title: at most the column's length)")
    String products;

    @Option(names = "--max-reported", paramLabel = "N", defaultValue = "20",
            description = "bad lines printed per file, with their line number and reason; all are counted"
                    + " (default: ${DEFAULT-VALUE})")
    int maxReported;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help")
    boolean help;

    /**
     * @throws CommandLine.ParameterException with a one-line reason when the arguments are not a command
     */
    static CatalogArguments parse(String... args) {
        CatalogArguments arguments = new CatalogArguments();
        CommandLine command = new CommandLine(arguments);
        command.parseArgs(args);
        if (!arguments.help && arguments.categories == null && arguments.products == null) {
            throw new CommandLine.ParameterException(command, "give --categories FILE, --products FILE or both");
        }
        if (arguments.maxReported < 0) {
            throw new CommandLine.ParameterException(command, "--max-reported must be 0 or more");
        }
        return arguments;
    }

    static String usage() {
        return new CommandLine(new CatalogArguments()).getUsageMessage();
    }
}
