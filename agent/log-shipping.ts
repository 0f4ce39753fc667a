/**
 * The agent's log lines (its own and TigerBeetle's) also go to the cluster's CloudWatch log
 * group, one stream per replica and instance: an operator reads a replica's history without a
 * shell on the node, and it outlives a replaced instance. The journal stays the first copy, so
 * shipping is best effort: bounded in memory, one short attempt per call, never an error that
 * reaches the agent loop, and the loop does not wait for it (see `agent.ts`).
 */
import { logBufferBytesMax, logBufferEventsMax, logMessageCharsMax } from "./constants.ts";
import { errorMessage } from "./error-message.ts";
import type { LogEvent, LogEventsPort, LogShipper, Logger } from "./ports.ts";

/** CloudWatch Logs' PutLogEvents limits: events, bytes (each event counts 26 more), time span. */
export const putEventsMax = 10_000;
export const putBytesMax = 1_048_576;
export const putEventOverheadBytes = 26;
export const putSpanMsMax = 24 * 60 * 60 * 1000;

export interface LogShippingOptions {
  readonly group: string;
  readonly port: LogEventsPort;
  readonly clock: { nowMs(): number };
  /** The journal: every line goes here first, and shipping's own trouble only here. */
  readonly journal: Logger;
}

/** With no log group, lines go to the journal only. */
export const noLogShipping: LogShipper = { flush: async () => {} };

export function createLogShipping(
  options: LogShippingOptions,
): { readonly log: Logger; readonly shipper: LogShipper } {
  const { group, port, clock, journal } = options;
  const pending: { readonly event: LogEvent; readonly bytes: number }[] = [];
  let pendingBytes = 0;
  let dropped = 0;
  let lastTimestampMs = 0;
  let failing = false;
  const createdStreams = new Set<string>();

  function append(message: string, timestampMs: number): void {
    const cut = message.length > logMessageCharsMax
      ? `${message.slice(0, logMessageCharsMax)}… (cut; whole in the journal)` :
      message;
    // PutLogEvents wants time order; a clock step backwards must not break a batch.
    lastTimestampMs = Math.max(lastTimestampMs, timestampMs);
    pending.push(entry({ timestampMs: lastTimestampMs, message: cut }));
    pendingBytes += pending.at(-1)!.bytes;
    dropOldestBeyondBounds();
  }

  function dropOldestBeyondBounds(): void {
    while (pending.length > logBufferEventsMax || pendingBytes > logBufferBytesMax) {
      pendingBytes -= pending.shift()!.bytes;
      dropped += 1;
    }
  }

  function line(level: "info" | "warn" | "error", message: string): void {
    journal[level](message);
    append(`${level}: ${message}`, clock.nowMs());
  }

  /** The longest prefix of `pending` that one PutLogEvents call accepts. */
  function nextBatchLength(): number {
    let bytes = 0;
    let length = 0;
    for (const { event, bytes: size } of pending) {
      if (length === putEventsMax || bytes + size > putBytesMax ||
        event.timestampMs - pending[0]!.event.timestampMs >= putSpanMsMax) break;
      bytes += size;
      length += 1;
    }
    return length;
  }

  function reportFailure(error: unknown): void {
    if (!failing) {
      journal.warn(`log lines not shipped to ${group} (kept, retried): ${errorMessage(error)}`);
    }
    failing = true;
  }

  async function flush(stream: string): Promise<void> {
    try {
      if (!createdStreams.has(stream)) {
        await port.createStream(group, stream);
        createdStreams.add(stream);
      }
      if (dropped > 0) {
        const note = `warn: ${dropped} log lines were dropped here while CloudWatch Logs ` +
          "was unreachable (the journal has them)";
        pending.unshift(
          entry({ timestampMs: pending[0]?.event.timestampMs ?? clock.nowMs(), message: note }),
        );
        pendingBytes += pending[0]!.bytes;
        dropped = 0;
      }
      // Only what was logged before this flush began (at most logBufferBytesMax: three calls
      // at most); lines logged meanwhile wait for the next flush. Lines dropped from the front
      // meanwhile can leave fewer than `remaining`: never send an empty batch.
      let remaining = pending.length;
      while (Math.min(remaining, pending.length) > 0) {
        // Out of the buffer while in flight, so lines logged meanwhile (and the bounds that
        // drop the oldest) never touch it; back in front if the call fails.
        const batch = pending.splice(0, Math.min(nextBatchLength(), remaining));
        remaining -= batch.length;
        const batchBytes = batch.reduce((sum, item) => sum + item.bytes, 0);
        pendingBytes -= batchBytes;
        try {
          await port.put(group, stream, batch.map((item) => item.event));
        } catch (error) {
          pending.unshift(...batch);
          pendingBytes += batchBytes;
          dropOldestBeyondBounds();
          throw error;
        }
      }
      if (failing) journal.info(`log lines shipped to ${group} again`);
      failing = false;
    } catch (error) {
      reportFailure(error);
    }
  }

  return {
    log: {
      info: (message) => line("info", message),
      warn: (message) => line("warn", message),
      error: (message) => line("error", message),
    },
    shipper: { flush },
  };
}

function entry(event: LogEvent): { readonly event: LogEvent; readonly bytes: number } {
  return { event, bytes: Buffer.byteLength(event.message, "utf8") + putEventOverheadBytes };
}

/** The stream of one replica on one instance: a replaced node starts a new stream. */
export function logStreamName(replica: number, instanceId: string | undefined): string {
  return `replica-${replica}/${instanceId ?? "unknown-instance"}`;
}
