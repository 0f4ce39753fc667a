/**
 * A part of a hand-written page generated from the code it documents (the preflight rule table,
 * every command's --help): it sits between two marker comments, and a script rewrites it or,
 * with --check, names the pages where it is stale. The tidy tests run the checks.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface GeneratedSection {
  readonly start: string;
  readonly end: string;
  /** Pages holding the section, relative to the repository root. */
  readonly pages: readonly string[];
  /** The script that regenerates it, for the message. */
  readonly command: string;
}

/** The page with the text between the markers replaced; an error when they are missing. */
export function withSection(page: string, section: GeneratedSection, content: string,
  name: string): string {
  const start = page.indexOf(section.start);
  const end = page.indexOf(section.end);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`${name}: the markers of the generated section are missing or out of ` +
      `order (${section.start})`);
  }
  return `${page.slice(0, start + section.start.length)}\n${content}\n${page.slice(end)}`;
}

/** Rewrites the section in its pages, or with `check` only reports; exit code for the script. */
export function writeSection(section: GeneratedSection, content: string, check: boolean): number {
  const root = join(import.meta.dir, "..");
  const stale = section.pages.filter((name) => {
    const path = join(root, name);
    const page = readFileSync(path, "utf8");
    const updated = withSection(page, section, content, name);
    if (updated !== page && !check) writeFileSync(path, updated);
    return updated !== page;
  });
  if (check && stale.length > 0) {
    console.error(`stale in ${stale.join(", ")}: run ${section.command}`);
    return 1;
  }
  console.log(stale.length === 0 ?
    `current in ${section.pages.join(", ")}` :
    `rewrote ${stale.join(", ")}`);
  return 0;
}
