package io.ftfleet.simulator;

/**
 * Mirrors freqtrade's exception classes and how main.py maps them to exit codes (contract 4.2):
 * OperationalException → 2, ConfigurationError → 1 ("Configuration error: …"), anything else → 1 ("Fatal exception!").
 */
public class FtException extends RuntimeException {
    public enum Kind { OPERATIONAL, CONFIGURATION, FATAL }

    private final Kind kind;
    private final String pythonType;

    public FtException(Kind kind, String message, String pythonType) {
        super(message);
        this.kind = kind;
        this.pythonType = pythonType;
    }

    public static FtException operational(String msg) {
        return new FtException(Kind.OPERATIONAL, msg, "freqtrade.exceptions.OperationalException");
    }

    public static FtException configuration(String msg) {
        return new FtException(Kind.CONFIGURATION, msg, "freqtrade.exceptions.ConfigurationError");
    }

    /** Unexpected exception, e.g. jsonschema ValidationError → "Fatal exception!" + traceback, exit 1. */
    public static FtException fatal(String msg, String pythonType) {
        return new FtException(Kind.FATAL, msg, pythonType);
    }

    public Kind kind() { return kind; }

    public String pythonType() { return pythonType; }

    public int exitCode() {
        return kind == Kind.OPERATIONAL ? 2 : 1;
    }
}
