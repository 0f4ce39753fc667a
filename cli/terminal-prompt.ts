/**
 * One question on the terminal: the prompt on stderr (stdout stays for results), one line read
 * from stdin. Undefined when stdin ends (Ctrl-D). Only main.ts wires it, and only when stdin
 * and stderr are both terminals.
 */
import { createInterface } from "node:readline/promises";

export async function terminalPrompt(question: string): Promise<string | undefined> {
  const lines = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    const closed = new Promise<undefined>((resolve) =>
      lines.once("close", () => resolve(undefined))
    );
    return await Promise.race([lines.question(question), closed]);
  } finally {
    lines.close();
  }
}
