/**
 * Decoding `.dsl` bytes. Invalid UTF-8 is a diagnostic pointing at the first bad byte, never
 * a silent U+FFFD.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { frontendDiagnostic } from "./codes.ts";

const decoder = new TextDecoder("utf-8", { fatal: true });

export function decodeSource(
  path: string,
  bytes: Uint8Array,
): { readonly text: string } | { readonly diagnostic: Diagnostic } {
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    let line = 1;
    let lineStart = 0;
    for (let at = 0; at < offset; at++) {
      if (bytes[at] === 0x0a) {
        line += 1;
        lineStart = at + 1;
      }
    }
    const column = offset - lineStart + 1;
    const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, "0");
    return {
      diagnostic: frontendDiagnostic("source/notUtf8",
        `file is not valid UTF-8: byte 0x${byte} at offset ${offset} starts no valid character`, {
        file: path,
        line,
        column,
        endLine: line,
        endColumn: column + 1,
      }, "save the file as UTF-8"),
    };
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let at = 0;
  while (at < bytes.length) {
    const lead = bytes[at]!;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ?
      2
      : lead >= 0xe0 && lead <= 0xef
      ? 3
      : lead >= 0xf0 && lead <= 0xf4
      ? 4
      : 0;
    if (length === 0 || at + length > bytes.length) return at;
    for (let next = 1; next < length; next++) {
      if ((bytes[at + next]! & 0xc0) !== 0x80) return at;
    }
    const second = bytes[at + 1] ?? 0;
    if ((lead === 0xe0 && second < 0xa0) || (lead === 0xed && second > 0x9f) ||
      (lead === 0xf0 && second < 0x90) || (lead === 0xf4 && second > 0x8f)) return at;
    at += length;
  }
  return bytes.length;
}
