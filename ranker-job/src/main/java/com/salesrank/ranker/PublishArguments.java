package com.salesrank.ranker;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@link PublishTool}'s own arguments ({@code scripts/publish.sh}), after Hadoop's generic options; parsed by picocli. */
@Command(name = "publish.sh", usageHelpAutoWidth = true,
        customSynopsis = "publish.sh [generic Hadoop options] OUTPUT_DIR [--force]",
        description = "Publishes a ranking the job wrote (its --output) as the live ranking.",
        footerHeading = "%n",
        footer = {"Database: SALESRANK_DB_URL, SALESRANK_DB_USER, SALESRANK_DB_PASSWORD (or -D salesrank.db.*)."},
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {
            "0:published",
            "1:publish failed (the error line says whether anything went live)",
            "2:bad arguments, no database, or not a complete ranking",
            "4:already published (nothing done)"})
final class PublishArguments {

    @Parameters(index = "0", arity = "0..1", paramLabel = "OUTPUT_DIR",
            description = "a ranking the job wrote (--output): part files, _SUCCESS and _RANKING")
    String outputDir;

    @Option(names = "--force",
            description = "publish it even if the same ranking, window and row count was published before")
    boolean force;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help")
    boolean help;

    /**
     * @throws CommandLine.ParameterException with a one-line reason when the arguments are not a command
     */
    static PublishArguments parse(String... args) {
        PublishArguments arguments = new PublishArguments();
        CommandLine command = new CommandLine(arguments);
        command.parseArgs(args);
        if (!arguments.help && arguments.outputDir == null) {
            throw new CommandLine.ParameterException(command, "OUTPUT_DIR is required");
        }
        return arguments;
    }

    static String usage() {
        return new CommandLine(new PublishArguments()).getUsageMessage();
    }
}
