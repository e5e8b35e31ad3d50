package io.ftfleet.simulator;

/** argparse-style usage error: usage line + "prog: error: msg" on stderr, exit code 2. */
public class UsageError extends RuntimeException {
    private final String usage;
    private final String prog;

    public UsageError(String usage, String prog, String message) {
        super(message);
        this.usage = usage;
        this.prog = prog;
    }

    public String render() {
        return usage + "\n" + prog + ": error: " + getMessage() + "\n";
    }
}
