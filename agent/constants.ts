/**
 * Every bound and interval of the agent, with its unit. They are chosen so that the agent adds
 * little to a cold cluster's formation (TigerBeetle's own start-up dominates it) while an idle,
 * supervising agent costs less than 1% of a core (one cheap in-memory tick per second, AWS
 * calls every 30 s).
 */

/** Tick after an action that changed something: go straight on with the next step. */
export const tickMsBusy = 20;
/** Tick while waiting for something outside (peers, a volume, settings, backoff). */
export const tickMsWaiting = 200;
/** Tick while TigerBeetle runs and nothing is pending: only in-memory checks. */
export const tickMsSteady = 1_000;
/** A sleeping loop looks at the shutdown flag this often, so SIGTERM is acted on promptly. */
export const shutdownCheckMs = 100;

/** While running, re-read SSM/EC2 and probe peers this often (fence, registrations, quorum). */
export const pollMsSteady = 30_000;
/** The same while running but some replica is not registered or not answering yet. */
export const pollMsConverging = 2_000;
/** Default CloudWatch publication period (`--metrics-interval-seconds`). */
export const metricsIntervalMsDefault = 60_000;

/** Default bound on waiting for peers, a held volume or the cluster settings. */
export const waitMsDefault = 600_000;

/** Backoff after an operating error (failed AWS call, failed format): exponential + jitter. */
export const errorBackoffMsMin = 100;
export const errorBackoffMsMax = 5_000;
/** Consecutive operating errors before the agent gives up (about 5 minutes at the maximum). */
export const errorCountMax = 60;

/** TigerBeetle restart backoff: the data file lock can outlive a crashed process briefly. */
export const restartBackoffMsMin = 250;
export const restartBackoffMsMax = 30_000;
/** More restarts than this inside `restartWindowMs` is a crash loop: stop and report. */
export const restartCountMax = 10;
export const restartWindowMs = 600_000;

/** `format`/`recover` run to completion or are killed after this long. */
export const formatTimeoutMs = 600_000;
/** After SIGTERM, TigerBeetle gets this long to exit before SIGKILL. */
export const stopTimeoutMs = 10_000;

/** The client request that tells the cluster serves (`tigerbeetle repl`), killed after this. */
export const clientRequestTimeoutMs = 15_000;

/** One TCP connect to a peer, to tell whether it is reachable. */
export const probeTimeoutMs = 500;

/** SDK clients: attempts per call (SDK retry incl. throttling) and per-request timeouts. */
export const awsMaxAttempts = 4;
export const awsConnectionTimeoutMs = 2_000;
export const awsRequestTimeoutMs = 5_000;
export const metadataTimeoutMs = 2_000;

/** SSM pages read below the prefix (10 parameters per page: config + nodes + markers). */
export const ssmPagesMax = 20;
/** Log lines go to the cluster's log group this often (and when the agent exits). */
export const logShipIntervalMs = 5_000;
/**
 * Lines held while CloudWatch Logs is unreachable; beyond either bound the oldest go. The byte
 * bound is two PutLogEvents batches, so one flush never makes more than three calls.
 */
export const logBufferEventsMax = 10_000;
export const logBufferBytesMax = 2 * 1024 * 1024;
/** One attempt per log call, bounded: unsent lines stay buffered for the next flush anyway. */
export const logCallTimeoutMs = 2_000;
/** A longer line (a runaway message) is cut: the journal still has it whole. */
export const logMessageCharsMax = 8_192;
/** Lines of TigerBeetle output kept for the last-words log when it exits. */
export const outputLinesMax = 50;
