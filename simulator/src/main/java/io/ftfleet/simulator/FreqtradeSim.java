package io.ftfleet.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the freqtrade stand-in: `java -jar freqtrade-sim.jar <freqtrade arguments>`.
 * Exit codes follow freqtrade/main.py (contract 4.2).
 */
public final class FreqtradeSim {
    private static volatile boolean exiting;
    private static volatile Runnable shutdownAction;

    private FreqtradeSim() {}

    public static void main(String[] argv) {
        int code = run(argv);
        if (code >= 0) exit(code);
    }

    /** Exits with the given code without running the SIGTERM clean-shutdown path. */
    public static void exit(int code) {
        exiting = true;
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }

    /** Runs a command. Returns the exit code, or -1 when a long-running command keeps the JVM alive. */
    static int run(String[] argv) {
        SimLog log = SimLog.root();
        Cli.Parsed args;
        try {
            args = Cli.parse(argv);
        } catch (UsageError e) {
            System.err.print(e.render());
            return 2;
        } catch (FtException e) {
            logException(log, e);
            return e.exitCode();
        }
        if (args.help()) {
            System.out.print(Cli.help(args.command()));
            return 0;
        }
        if (args.flag("version_main") || args.flag("version")) {
            printVersion();
            return 0;
        }
        if (args.command() == null) {
            log.error("freqtrade", "Usage of Freqtrade requires a subcommand to be specified.\n"
                    + "To have the bot executing trades in live/dry-run modes, depending on the value of the `dry_run` setting in the config, "
                    + "run Freqtrade as `freqtrade trade [options...]`.\n"
                    + "To see the full list of options available, please use `freqtrade --help` or `freqtrade <command> --help`.");
            return 2;
        }
        try {
            if (args.str("logfile") != null) log.setLogfile(args.str("logfile"));
        } catch (java.io.IOException e) {
            log.error("freqtrade", "Could not open logfile " + args.str("logfile") + ": " + e.getMessage());
            return 1;
        }
        log.info("freqtrade", "freqtrade " + Flavor.current().version());
        try {
            switch (args.command()) {
                case "trade":
                    return trade(args, log);
                case "multi":
                    return MultiBot.run(args, log);
                case "backtesting":
                    return Optimize.backtesting(args, log);
                case "hyperopt":
                    return Optimize.hyperopt(args, log);
                case "lookahead-analysis":
                    return Analysis.lookahead(args, log);
                case "recursive-analysis":
                    return Analysis.recursive(args, log);
                case "download-data":
                    return DataCommands.downloadData(args, log);
                case "list-strategies":
                    return DataCommands.listStrategies(args, log);
                case "list-exchanges":
                    return DataCommands.listExchanges(args, log);
                case "create-userdir":
                    return DataCommands.createUserdir(args, log);
                default:
                    throw FtException.operational("Unsupported sub-command " + args.command());
            }
        } catch (FtException e) {
            logException(log, e);
            return e.exitCode();
        } catch (RuntimeException e) {
            logException(log, FtException.fatal(String.valueOf(e.getMessage()), e.getClass().getName()));
            return 1;
        }
    }

    static int trade(Cli.Parsed args, SimLog log) {
        TradeRunner runner = new TradeRunner(args, log);
        runner.start();
        installSignalShutdown(runner::shutdown);
        scheduleCrashIfRequested(log);
        try {
            runner.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    /**
     * SIGTERM/SIGINT in `trade` → clean shutdown, exit 0 (freqtrade raises KeyboardInterrupt from its
     * SIGTERM handler). The JVM would report 143, so the hook halts with 0 after cleaning up.
     */
    static void installSignalShutdown(Runnable action) {
        shutdownAction = action;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (exiting) return;
            try {
                Runnable a = shutdownAction;
                if (a != null) a.run();
            } catch (Throwable ignored) {
                // fall through to halt
            }
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(0);
        }, "sigterm-shutdown"));
    }

    static void scheduleCrashIfRequested(SimLog log) {
        double after = Bot.envDouble("FTSIM_CRASH_AFTER_SECONDS", -1);
        if (after < 0) return;
        Thread t = new Thread(() -> {
            try {
                Thread.sleep((long) (after * 1000));
            } catch (InterruptedException e) {
                return;
            }
            logException(log, FtException.fatal("Simulated crash (FTSIM_CRASH_AFTER_SECONDS=" + System.getenv("FTSIM_CRASH_AFTER_SECONDS") + ")",
                    "RuntimeError"));
            exit(1);
        }, "ftsim-crash");
        t.setDaemon(true);
        t.start();
    }

    /** FTSIM_FAIL_AT_START: fail like a real start failure (exchange unreachable → exit 2; "config" → 1; "fatal" → 1). */
    static void failAtStartIfRequested() {
        String v = System.getenv("FTSIM_FAIL_AT_START");
        if (v == null || v.isBlank() || v.equals("0") || v.equalsIgnoreCase("false")) return;
        switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "config" -> throw FtException.configuration("Simulated configuration error (FTSIM_FAIL_AT_START=config).");
            case "fatal" -> throw FtException.fatal("Simulated fatal error (FTSIM_FAIL_AT_START=fatal)", "RuntimeError");
            default -> throw FtException.operational("Could not load markets, therefore cannot start. Please investigate the above error for more details.");
        }
    }

    static void logException(SimLog log, FtException e) {
        switch (e.kind()) {
            case OPERATIONAL -> log.error("freqtrade", e.getMessage());
            case CONFIGURATION -> log.error("freqtrade", "Configuration error: " + e.getMessage());
            case FATAL -> log.error("freqtrade", "Fatal exception!\nTraceback (most recent call last):\n"
                    + "  File \"/freqtrade/freqtrade/main.py\", line 45, in main\n    return_code = args[\"func\"](args)\n"
                    + "                  ^^^^^^^^^^^^^^^^^^^^\n" + e.pythonType() + ": " + e.getMessage());
        }
    }

    static void printVersion() {
        System.out.println("Operating System:\t" + System.getProperty("os.name") + "-" + System.getProperty("os.version") + "-" + System.getProperty("os.arch"));
        System.out.println("Python Version:\t\tPython 3.12.7 (simulated by freqtrade-sim on Java " + System.getProperty("java.version") + ")");
        System.out.println("CCXT Version:\t\t4.4.20");
        System.out.println();
        System.out.println("Freqtrade Version:\tfreqtrade " + Flavor.current().version());
    }

    static List<String> list(Object o) {
        List<String> out = new ArrayList<>();
        for (Object x : Json.listOf(o)) out.add(String.valueOf(x));
        return out;
    }

    static Map<String, Object> none() { return Map.of(); }
}
