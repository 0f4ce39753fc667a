/// <reference path="./text-modules.d.ts" />
/**
 * The example project, compiled into the binary as text so `dazzle init` and the README's first
 * command work with nothing else on disk. The list is explicit (the bundler needs static
 * imports); `tests/cli/init.test.ts` fails if it drifts from `example/`.
 */
import dazzleToml from "../example/dazzle.toml" with { type: "text" };
import appDsl from "../example/dsl/app.dsl" with { type: "text" };
import ledgersDsl from "../example/dsl/ledgers.dsl" with { type: "text" };
import messagingDsl from "../example/dsl/messaging.dsl" with { type: "text" };

export interface EmbeddedFile {
  /** Path inside the project, `/` separated. */
  readonly path: string;
  readonly text: string;
}

export const exampleProjectFiles: readonly EmbeddedFile[] = [
  { path: "dazzle.toml", text: dazzleToml as unknown as string },
  { path: "dsl/app.dsl", text: appDsl },
  { path: "dsl/ledgers.dsl", text: ledgersDsl },
  { path: "dsl/messaging.dsl", text: messagingDsl },
];
