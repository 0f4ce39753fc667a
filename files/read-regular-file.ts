/**
 * Reading a file the user controls without hanging or exhausting memory: only a regular file
 * (after following symbolic links) of bounded size is read. A FIFO would block `readFileSync`
 * for ever, `/dev/zero` would fill memory, a socket or folder gives an obscure errno; each is
 * refused with a sentence that names the path and what it is. The check is made on the open
 * descriptor (opened non-blocking), so swapping the file between check and read changes nothing.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, statSync,
  type Stats } from "node:fs";

/** Why a path could not be read, in words a user can act on. */
export class UnreadableFileError extends Error {
  override readonly name = "UnreadableFileError";
  constructor(readonly path: string, readonly reason: string) {
    super(`${path} ${reason}`);
  }
}

/**
 * The file's bytes; `undefined` when nothing is at `path` (not even a dangling link). Throws
 * `UnreadableFileError` for anything else that is not a readable regular file of at most
 * `sizeBytesMax` bytes.
 */
export function readRegularFile(path: string, sizeBytesMax: number): Buffer | undefined {
  let link: Stats;
  try {
    link = lstatSync(path);
  } catch (error) {
    if (errorCode(error) === "ENOENT") return undefined;
    throw new UnreadableFileError(path, `cannot be read (${describeErrno(error)})`);
  }
  let target: Stats;
  try {
    target = statSync(path);
  } catch (error) {
    if (!link.isSymbolicLink()) {
      throw new UnreadableFileError(path, `cannot be read (${describeErrno(error)})`);
    }
    throw new UnreadableFileError(path, errorCode(error) === "ENOENT"
      ? `is a symbolic link to ${safeReadlink(path)}, which does not exist`
      : `is a symbolic link to ${safeReadlink(path)}, which cannot be read ` +
        `(${describeErrno(error)})`);
  }
  const via = link.isSymbolicLink() ? ` (a symbolic link to ${safeReadlink(path)})` : "";
  const refuse = (info: Stats) => {
    const kind = nonRegularKind(info);
    if (kind !== undefined) {
      throw new UnreadableFileError(path, `is ${kind}${via}, not a regular file`);
    }
    if (info.size > sizeBytesMax) throw tooLarge(path, info.size, sizeBytesMax);
  };
  refuse(target);
  let descriptor: number;
  try {
    descriptor = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw new UnreadableFileError(path, `cannot be read (${describeErrno(error)})`);
  }
  try {
    // The same checks on what was opened: the path may have been swapped in between.
    refuse(fstatSync(descriptor));
    return readBounded(descriptor, path, sizeBytesMax);
  } finally {
    closeSync(descriptor);
  }
}

/** Text variant: UTF-8, with the same refusals. */
export function readRegularTextFile(path: string, sizeBytesMax: number): string | undefined {
  return readRegularFile(path, sizeBytesMax)?.toString("utf8");
}

/** What a non-regular file is, for a message; `undefined` for a regular file. */
/**
 * Why `path` is not a folder to read from, as "is a named pipe (FIFO), not a folder"; undefined
 * when it is a folder or nothing is there (the caller reports what it expected inside).
 */
export function notAFolder(path: string): string | undefined {
  let info: Stats;
  try {
    info = statSync(path);
  } catch (error) {
    return errorCode(error) === "ENOENT" ? undefined : `cannot be read (${describeErrno(error)})`;
  }
  if (info.isDirectory()) return undefined;
  const via = lstatSync(path).isSymbolicLink() ?
    ` (a symbolic link to ${safeReadlink(path)})`
    : "";
  return `is ${nonRegularKind(info) ?? "a regular file"}${via}, not a folder`;
}

function nonRegularKind(info: Stats): string | undefined {
  if (info.isFile()) return undefined;
  if (info.isDirectory()) return "a folder";
  if (info.isFIFO()) return "a named pipe (FIFO)";
  if (info.isSocket()) return "a socket";
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  return "not a regular file";
}

/** Reads at most limit + 1 bytes: a file that grew after fstat is still refused, not read. */
function readBounded(descriptor: number, path: string, sizeBytesMax: number): Buffer {
  const buffer = Buffer.alloc(Math.min(sizeBytesMax + 1, 1 << 20));
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    let count: number;
    try {
      count = readSync(descriptor, buffer, 0, buffer.length, null);
    } catch (error) {
      throw new UnreadableFileError(path, `cannot be read (${describeErrno(error)})`);
    }
    if (count === 0) break;
    total += count;
    if (total > sizeBytesMax) throw tooLarge(path, total, sizeBytesMax);
    chunks.push(Buffer.from(buffer.subarray(0, count)));
  }
  return Buffer.concat(chunks, total);
}

function tooLarge(path: string, size: number, sizeBytesMax: number): UnreadableFileError {
  return new UnreadableFileError(path, `is ${size.toLocaleString("en-US")} bytes or more; ` +
    `the limit is ${sizeBytesMax.toLocaleString("en-US")}`);
}

function safeReadlink(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return "(unreadable link)";
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

const errnoWords: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "it is a folder",
  ELOOP: "too many levels of symbolic links",
  ENOTDIR: "a parent is not a folder",
  ENXIO: "no reader or device behind it",
  EIO: "input/output error",
};

function describeErrno(error: unknown): string {
  const code = errorCode(error);
  return code === undefined ? String(error) : errnoWords[code] ?? code;
}
