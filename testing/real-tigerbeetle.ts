/**
 * The real TigerBeetle server for tests and benchmarks: the binaries that
 * `scripts/install-test-tools.ts` builds from ../shared/vendor, and whether this machine can run
 * them. When it cannot, the reason is said (and shown in the test's name), never hidden.
 */
import { existsSync, readFileSync } from "node:fs";
import { release } from "node:os";
import { pinned, toolPaths } from "../scripts/tools.ts";

export interface RealTigerBeetle {
  /** The release binary, `tigerbeetle version` → 0.17.8. */
  readonly bin: string;
  readonly release: string;
}

/**
 * Per replica, with `--development` and a 32 MiB grid cache (TigerBeetle's development
 * default): 1,453 MiB allocated at start-up (measured, 0.17.8). A machine needs this for
 * every replica of the largest test cluster, plus room for everything else.
 */
const developmentReplicaMemoryMib = 1_500;
const machineMarginMib = 4_096;

/** Why real-server tests cannot run here, or undefined when they can. */
export function realTigerBeetleMissing(replicas: number): string | undefined {
  if (!existsSync(toolPaths.tigerbeetle())) {
    return `TigerBeetle ${pinned.tigerbeetle} is not built (${toolPaths.tigerbeetle()}); ` +
      "scripts/install-test-tools.ts builds it when ../shared/vendor has its source";
  }
  const [major, minor] = release().split(".").map(Number);
  if (major! < 5 || (major === 5 && minor! < 6)) return `kernel ${release()} has no io_uring`;
  const disabled = readOptional("/proc/sys/kernel/io_uring_disabled")?.trim();
  if (disabled !== undefined && disabled !== "0") {
    return `io_uring is disabled (kernel.io_uring_disabled = ${disabled})`;
  }
  const flags = /^flags\s*:(.*)$/m.exec(readOptional("/proc/cpuinfo") ?? "")?.[1] ?? "";
  for (const flag of ["avx2", "aes"]) {
    if (!flags.split(/\s+/).includes(flag)) return `the CPU lacks ${flag.toUpperCase()}`;
  }
  const totalKib = Number(/^MemTotal:\s+(\d+)/m.exec(readOptional("/proc/meminfo") ?? "")?.[1]);
  const neededMib = replicas * developmentReplicaMemoryMib + machineMarginMib;
  if (!(totalKib / 1024 >= neededMib)) {
    return `${replicas} replicas need ${neededMib} MiB of RAM, the machine has ` +
      `${Math.floor(totalKib / 1024)} MiB`;
  }
  return undefined;
}

export function realTigerBeetle(): RealTigerBeetle {
  return { bin: toolPaths.tigerbeetle(), release: pinned.tigerbeetle };
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
