/**
 * The agent's log lines reach the cluster's log group in order and within PutLogEvents' limits,
 * while the journal keeps every line and the agent never waits on, or fails because of, the
 * log group.
 */
import { describe, expect, test } from "bun:test";
import { logBufferBytesMax, logBufferEventsMax,
  logMessageCharsMax } from "../../agent/constants.ts";
import { createLogShipping, logStreamName, putBytesMax, putEventOverheadBytes, putEventsMax,
  putSpanMsMax } from "../../agent/log-shipping.ts";
import type { LogEvent, LogEventsPort } from "../../agent/ports.ts";

interface Recorded {
  readonly streams: string[];
  readonly batches: LogEvent[][];
  readonly journal: string[];
  failWith: Error | undefined;
  nowMs: number;
}

function world() {
  const recorded: Recorded = { streams: [], batches: [], journal: [], failWith: undefined,
    nowMs: Date.parse("2026-11-26T10:00:00Z") };
  const port: LogEventsPort = {
    createStream: async (group, stream) => {
      if (recorded.failWith) throw recorded.failWith;
      recorded.streams.push(`${group} ${stream}`);
    },
    put: async (_group, _stream, events) => {
      if (recorded.failWith) throw recorded.failWith;
      recorded.batches.push([...events]);
    },
  };
  const journalLine = (level: string) => (message: string) =>
    recorded.journal.push(`${level}: ${message}`);
  const shipping = createLogShipping({ group: "/wallet/staging/tigerbeetle", port,
    clock: { nowMs: () => recorded.nowMs },
    journal: { info: journalLine("info"), warn: journalLine("warn"),
      error: journalLine("error") } });
  return { recorded, ...shipping };
}

/** Shipping through `port` with a fixed clock and a silent journal. */
function shippingThrough(port: LogEventsPort) {
  const silent = () => {};
  return createLogShipping({ group: "g", port, clock: { nowMs: () => 1_000 },
    journal: { info: silent, warn: silent, error: silent } });
}

const messages = (batches: LogEvent[][]) => batches.flat().map((event) => event.message);

describe("log shipping", () => {
  test("every line goes to the journal at once and to the stream on flush, in order", async () => {
    const { recorded, log, shipper } = world();
    log.info("attaching vol-1");
    recorded.nowMs += 10;
    log.warn("waiting: peers");
    log.error("halt (dataLoss): ...");
    expect(recorded.journal).toEqual(["info: attaching vol-1", "warn: waiting: peers",
      "error: halt (dataLoss): ..."]);
    expect(recorded.batches).toEqual([]);
    await shipper.flush("replica-0/i-1");
    expect(recorded.streams).toEqual(["/wallet/staging/tigerbeetle replica-0/i-1"]);
    expect(recorded.batches).toEqual([[
      { timestampMs: recorded.nowMs - 10, message: "info: attaching vol-1" },
      { timestampMs: recorded.nowMs, message: "warn: waiting: peers" },
      { timestampMs: recorded.nowMs, message: "error: halt (dataLoss): ..." },
    ]]);
    await shipper.flush("replica-0/i-1");
    expect(recorded.streams).toHaveLength(1);
    expect(recorded.batches).toHaveLength(1);
  });

  test("a clock that steps back never puts events out of time order", async () => {
    const { recorded, log, shipper } = world();
    log.info("before");
    recorded.nowMs -= 60_000;
    log.info("after the step");
    await shipper.flush("s");
    const [first, second] = recorded.batches[0]!;
    expect(second!.timestampMs).toBe(first!.timestampMs);
  });

  test("an unreachable log group: lines are kept, one warning in the journal, sent later",
    async () => {
      const { recorded, log, shipper } = world();
      recorded.failWith = Object.assign(new Error("connect ECONNREFUSED"), { name: "Error" });
      log.info("one");
      await shipper.flush("s");
      log.info("two");
      await shipper.flush("s");
      expect(recorded.journal.filter((line) => line.includes("not shipped"))).toEqual([
        "warn: log lines not shipped to /wallet/staging/tigerbeetle (kept, retried): " +
        "Error: connect ECONNREFUSED",
      ]);
      recorded.failWith = undefined;
      await shipper.flush("s");
      expect(messages(recorded.batches)).toEqual(["info: one", "info: two"]);
      expect(recorded.journal.at(-1))
        .toBe("info: log lines shipped to /wallet/staging/tigerbeetle again");
    });

  test("a long outage keeps the newest lines and says how many were dropped", async () => {
    const { recorded, log, shipper } = world();
    recorded.failWith = new Error("down");
    for (let line = 0; line < logBufferEventsMax + 5; line++) log.info(`line ${line}`);
    await shipper.flush("s");
    recorded.failWith = undefined;
    for (let flush = 0; flush < 3; flush++) await shipper.flush("s");
    const shipped = messages(recorded.batches);
    expect(shipped[0]).toBe("warn: 5 log lines were dropped here while CloudWatch Logs was " +
      "unreachable (the journal has them)");
    expect(shipped[1]).toBe("info: line 5");
    expect(shipped.at(-1)).toBe(`info: line ${logBufferEventsMax + 4}`);
    expect(shipped).toHaveLength(logBufferEventsMax + 1);
    expect(recorded.journal).toHaveLength(logBufferEventsMax + 5 + 2);
  });

  test("batches respect PutLogEvents' count, byte and 24-hour limits", async () => {
    const { recorded, log, shipper } = world();
    const long = "x".repeat(logMessageCharsMax);
    const lines = Math.ceil(putBytesMax / (long.length + putEventOverheadBytes)) + 10;
    for (let line = 0; line < lines; line++) log.info(long);
    await shipper.flush("s");
    expect(recorded.batches.length).toBeGreaterThanOrEqual(2);
    for (const batch of recorded.batches) {
      const bytes = batch.reduce(
        (sum, event) => sum + Buffer.byteLength(event.message) + putEventOverheadBytes,
        0,
      );
      expect(bytes).toBeLessThanOrEqual(putBytesMax);
      expect(batch.length).toBeLessThanOrEqual(putEventsMax);
    }
    expect(recorded.batches.flat()).toHaveLength(lines);

    const spanning = world();
    spanning.log.info("day one");
    spanning.recorded.nowMs += putSpanMsMax;
    spanning.log.info("day two");
    await spanning.shipper.flush("s");
    expect(spanning.recorded.batches.map((batch) => batch.length)).toEqual([1, 1]);
  });

  test("a full buffer goes out in at most three calls", async () => {
    const { recorded, log, shipper } = world();
    recorded.failWith = new Error("down");
    for (let bytes = 0; bytes < logBufferBytesMax * 2; bytes += logMessageCharsMax) {
      log.info("z".repeat(logMessageCharsMax));
    }
    await shipper.flush("s");
    recorded.failWith = undefined;
    await shipper.flush("s");
    expect(recorded.batches.length).toBeGreaterThanOrEqual(2);
    expect(recorded.batches.length).toBeLessThanOrEqual(3);
  });

  test("lines logged while a call is in flight wait for the next flush, and a failed batch " +
    "goes back in front of them", async () => {
    const calls: string[][] = [];
    let answer: (error?: Error) => void = () => {};
    const port: LogEventsPort = {
      createStream: async () => {},
      put: (_group, _stream, events) => {
        calls.push(events.map((event) => event.message));
        return new Promise<void>((resolve, reject) => {
          answer = (error) => (error ? reject(error) : resolve());
        });
      },
    };
    const shipping = shippingThrough(port);
    shipping.log.info("a");
    const first = shipping.shipper.flush("s");
    await Bun.sleep(0);
    shipping.log.info("b");
    answer(new Error("timed out"));
    await first;
    const second = shipping.shipper.flush("s");
    await Bun.sleep(0);
    shipping.log.info("c");
    answer();
    await second;
    const third = shipping.shipper.flush("s");
    await Bun.sleep(0);
    answer();
    await third;
    expect(calls).toEqual([["info: a"], ["info: a", "info: b"], ["info: c"]]);
  });

  test("a flush ends even when lines it was to send were dropped while it waited", async () => {
    const calls: number[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const port: LogEventsPort = {
      createStream: async () => {},
      put: async (_group, _stream, events) => {
        calls.push(events.length);
        if (calls.length === 1) await gate;
      },
    };
    const shipping = shippingThrough(port);
    // Two batches' worth of small lines, then, while the first batch is in flight, enough long
    // lines to push the rest of them out of the buffer.
    for (let line = 0; line < 5_000; line++) shipping.log.info("s".repeat(300));
    const flushing = shipping.shipper.flush("s");
    await Bun.sleep(0);
    for (let bytes = 0; bytes < logBufferBytesMax * 1.2; bytes += logMessageCharsMax) {
      shipping.log.info("l".repeat(logMessageCharsMax));
    }
    release();
    await flushing;
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.every((length) => length > 0)).toBe(true);
  });

  test("a runaway line is cut for the log group but whole in the journal", async () => {
    const { recorded, log, shipper } = world();
    log.info("y".repeat(logMessageCharsMax * 3));
    await shipper.flush("s");
    const [event] = recorded.batches[0]!;
    expect(event!.message).toBe(`info: ${"y".repeat(logMessageCharsMax - 6)}… (cut; whole in ` +
      "the journal)");
    expect(recorded.journal[0]).toHaveLength("info: ".length + logMessageCharsMax * 3);
  });

  test("each replica on each instance has its own stream", () => {
    expect(logStreamName(2, "i-0abc")).toBe("replica-2/i-0abc");
    expect(logStreamName(0, undefined)).toBe("replica-0/unknown-instance");
  });
});
