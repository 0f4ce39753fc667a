/**
 * TigerBeetle's host requirements (docs/operating) as pure checks over observed facts, so each
 * has a precise message and a table test. `--development` turns findings into warnings.
 */

export interface HostFacts {
  /** `uname -r`, e.g. "6.1.0-18-cloud-amd64". */
  readonly kernelRelease: string;
  /** Content of /proc/sys/kernel/io_uring_disabled; undefined when the file does not exist. */
  readonly ioUringDisabled: string | undefined;
  /** Soft RLIMIT_MEMLOCK in bytes, "unlimited", or undefined when unknown. */
  readonly memlockBytes: number | "unlimited" | undefined;
  /** CAP_IPC_LOCK in the effective capability set. */
  readonly capIpcLock: boolean;
  /** File system type of the data directory ("ext4", "xfs", "tmpfs", ...). */
  readonly dataFileSystem: string | undefined;
  /** Whether opening a file with O_DIRECT in the data directory worked. */
  readonly directIo: boolean | undefined;
}

export interface HostFinding {
  readonly id: string;
  readonly message: string;
}

const kernelMin = { major: 5, minor: 11 } as const;
/** Without CAP_IPC_LOCK, a memlock limit this large is enough for io_uring's rings. */
const memlockBytesMin = 256 * 1024 * 1024;
const fileSystemsTested = new Set(["ext4", "xfs"]);

export function checkHost(facts: HostFacts): readonly HostFinding[] {
  const findings: HostFinding[] = [];
  const kernel = /^(\d+)\.(\d+)/.exec(facts.kernelRelease);
  const major = kernel ? Number(kernel[1]) : 0;
  const minor = kernel ? Number(kernel[2]) : 0;
  if (major < kernelMin.major || (major === kernelMin.major && minor < kernelMin.minor)) {
    findings.push({ id: "host/kernelTooOld", message: `kernel ${facts.kernelRelease} is older ` +
      `than ${kernelMin.major}.${kernelMin.minor}; TigerBeetle needs io_uring features of 5.11+` });
  }
  if (facts.ioUringDisabled !== undefined && facts.ioUringDisabled.trim() !== "0") {
    findings.push({ id: "host/ioUringDisabled", message: "io_uring is disabled " +
      `(/proc/sys/kernel/io_uring_disabled = ${facts.ioUringDisabled.trim()}); set it to 0` });
  }
  if (!facts.capIpcLock && facts.memlockBytes !== "unlimited" &&
    (facts.memlockBytes ?? 0) < memlockBytesMin) {
    findings.push({ id: "host/memlockTooLow", message: `locked memory limit is ` +
      `${facts.memlockBytes ?? "unknown"} bytes and CAP_IPC_LOCK is missing; give the service ` +
      "AmbientCapabilities=CAP_IPC_LOCK or LimitMEMLOCK=infinity" });
  }
  if (facts.dataFileSystem !== undefined && !fileSystemsTested.has(facts.dataFileSystem)) {
    findings.push({ id: "host/dataFileSystem", message: `the data directory is on ` +
      `${facts.dataFileSystem}; TigerBeetle needs ext4 (most tested) or xfs with Direct I/O` });
  }
  if (facts.directIo === false) {
    findings.push({ id: "host/directIo", message: "Direct I/O (O_DIRECT) fails in the data " +
      "directory; TigerBeetle requires it outside --development" });
  }
  return findings;
}
