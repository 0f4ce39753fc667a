/**
 * SHA256SUMS in coreutils format (`<64 hex>  <name>`), so users can also verify by hand with
 * `sha256sum -c --ignore-missing SHA256SUMS`.
 */
import { createHash } from "node:crypto";

export interface FileChecksum {
  readonly fileName: string;
  readonly sha256Hex: string;
}

export function sha256Hex(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Lines sorted by file name, each `hex  name`, ending with a newline. */
export function formatSha256Sums(checksums: readonly FileChecksum[]): string {
  const sorted = [...checksums].sort((a, b) => (a.fileName < b.fileName ? -1 : 1));
  for (const entry of sorted) {
    if (!/^[0-9a-f]{64}$/.test(entry.sha256Hex)) {
      throw new Error(`not a SHA-256 hex digest for ${entry.fileName}: ${entry.sha256Hex}`);
    }
    if (/[\s/]/.test(entry.fileName)) throw new Error(`bad release file name: ${entry.fileName}`);
  }
  return sorted.map((entry) => `${entry.sha256Hex}  ${entry.fileName}\n`).join("");
}

export class ChecksumsFileError extends Error {
  override readonly name = "ChecksumsFileError";
}

/**
 * Read a SHA256SUMS file (`<64 hex>  <name>` or `<64 hex> *<name>`, as sha256sum writes them):
 * file name → lower-case hex. Anything else, or a name listed twice, is refused: a checksum file
 * that cannot be read exactly must never vouch for a download.
 */
export function parseSha256Sums(text: string, source: string): Map<string, string> {
  const sums = new Map<string, string>();
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const match = /^([0-9a-fA-F]{64}) [ *]([^\s/]+)$/.exec(line.replace(/\r$/, ""));
    if (!match) {
      throw new ChecksumsFileError(`${source} line ${index + 1} is not '<sha256>  <file>': ` +
        JSON.stringify(line.slice(0, 120)));
    }
    if (sums.has(match[2]!)) {
      throw new ChecksumsFileError(`${source} lists ${match[2]} twice`);
    }
    sums.set(match[2]!, match[1]!.toLowerCase());
  });
  return sums;
}
