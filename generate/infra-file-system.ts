/**
 * The file-system effects of `deploy generate`, passed in: the real one (node-file-system.ts)
 * and, in tests, wrappers that crash the process between any two of them.
 */
export type EntryKind = "file" | "directory" | "symlink" | "other";

export interface InfraFileSystem {
  /** Text of a regular file; undefined when nothing is there; throws for anything else. */
  readonly readText: (path: string) => string | undefined;
  /** What is at `path` without following a final symbolic link; undefined when nothing. */
  readonly kind: (path: string) => EntryKind | undefined;
  /** Entry names of a folder (empty when it does not exist). */
  readonly list: (path: string) => string[];
  /** Creates or replaces a file (not atomically: used for files nobody reads yet). */
  readonly writeText: (path: string, text: string) => void;
  /** Creates a file only when nothing is at `path`; false when something is. */
  readonly createExclusive: (path: string, text: string) => boolean;
  /** rename(2): atomic within one file system. */
  readonly rename: (from: string, to: string) => void;
  /** Removes a file, a symbolic link or a folder with its content; nothing there is fine. */
  readonly remove: (path: string) => void;
  readonly makeDirectory: (path: string) => void;
}
