/**
 * The job queue: backtests, hyperopts and data downloads (and, later, FreqAI training) as runs of the runtime's
 * {@code freqtrade} command, persisted in the {@code jobs} table.
 *
 * <h2>The queue</h2>
 * {@link io.ftfleet.job.JobQueue} submits (a {@code queued} row), reads and cancels with owner scoping.
 * {@link io.ftfleet.job.JobWorker} claims queued rows with a conditional UPDATE ({@code status = 'queued'}), so
 * several server instances can share the table; at most {@code ftfleet.jobs.concurrency} per instance. Each job
 * runs in {@code <data-dir>/jobs/<id>/} with its own {@code config.json} and {@code user_data/}; its output goes to
 * {@code job.log} and, line by line, to the kind's progress parser. Cancel kills the process tree. A running row
 * carries a heartbeat; {@link io.ftfleet.job.JobRecovery} ends rows whose heartbeat stopped (server died or
 * restarted) as {@code failed} ("server restarted while running"), or re-queues them when the kind is safe to rerun.
 * Lifecycle and progress are published as {@link io.ftfleet.job.JobEvents} (the event stream forwards them to the
 * job's owner as {@code job.progress}/{@code job.finished}).
 *
 * <h2>Adding a kind</h2>
 * Implement the package-private {@link io.ftfleet.job.JobKind} as a Spring bean in this package; nothing else in the
 * queue changes:
 * <ol>
 * <li>{@code name()}: the stored kind, e.g. {@code freqai_training}; submit with {@code POST /api/v1/jobs}
 * {@code {"kind": name, "params": {...}}} or a route of your own calling {@code JobQueue.submit(name, ...)}.</li>
 * <li>{@code validate(request, user)}: check the request (422 naming every bad field, 404 for missing referenced
 * things) and return the normalised parameters to store: pin versions now, so a rerun is the same run.</li>
 * <li>{@code prepare(run)}: write files into {@code run.workDir()} ({@code run.config()}, {@code run.userData()})
 * and return the freqtrade arguments (sub-command first; use absolute paths, recovery recognises a leftover
 * process by its command line naming the work dir). {@link io.ftfleet.job.StrategyRun} does this for anything
 * that runs a strategy version: pinned source, config from the bots' generator, FreqAI section of a model.</li>
 * <li>{@code progress(line, run)}: a {@code Progress(done, total, phase)} from one output line, or empty.</li>
 * <li>{@code collect(run)}: after exit 0, the {@code Result(summary, full, file)}; throw if the result files are
 * missing (the job then fails with the reason).</li>
 * <li>{@code safeToRerun()}: true only if running it twice does no harm (downloads).</li>
 * </ol>
 */
package io.ftfleet.job;
