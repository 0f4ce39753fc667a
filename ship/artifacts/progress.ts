/**
 * How the artifact steps report progress: a task per file, advanced by bytes. The CLI shows it
 * on a terminal (cli/progress.ts) and nowhere else: `silentProgress` there, and in tests.
 */

export interface ProgressTask {
  /** Bytes done so far (absolute, not a delta). */
  update(done: number, total?: number): void;
  end(): void;
}

export interface ProgressSink {
  begin(label: string, total?: number): ProgressTask;
}

export const silentProgress: ProgressSink = {
  begin: () => ({ update: () => undefined, end: () => undefined }),
};
