/**
 * A minimal XML reader for EC2's Query API responses (elements and text only; EC2 sends no
 * attributes that matter and no mixed content). Bounded: depth and node count are limited.
 * It exists so the agent need not load the EC2 SDK client (≈1 s of startup and ≈40 MB of RSS
 * on a node whose agent budget is 60 MB).
 */
export interface XmlElement {
  readonly name: string;
  readonly children: XmlElement[];
  text: string;
}

const depthMax = 64;
const nodesMax = 200_000;
const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'" };

export function parseXml(source: string): XmlElement {
  const root: XmlElement = { name: "#document", children: [], text: "" };
  const stack: XmlElement[] = [root];
  const token = /<\?[^>]*\?>|<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>|([^<]+)/g;
  let nodes = 0;
  for (const match of source.matchAll(token)) {
    const [, closing, name, selfClosing, text] = match;
    const top = stack[stack.length - 1]!;
    if (text !== undefined) {
      top.text += decode(text);
    } else if (name !== undefined && closing === "/") {
      if (top.name !== name) throw new Error(`XML: </${name}> closes <${top.name}>`);
      stack.pop();
    } else if (name !== undefined) {
      nodes += 1;
      if (nodes > nodesMax || stack.length > depthMax) throw new Error("XML: too large");
      const element: XmlElement = { name, children: [], text: "" };
      top.children.push(element);
      if (selfClosing !== "/") stack.push(element);
    }
  }
  if (stack.length !== 1) throw new Error("XML: unclosed element");
  return root;
}

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, entity: string) => {
    if (entity.startsWith("#x")) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith("#")) return String.fromCodePoint(Number(entity.slice(1)));
    return entities[entity] ?? whole;
  });
}

export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((candidate) => candidate.name === name);
}

/** The `<item>` children of `<name>`: EC2's list shape. */
export function items(element: XmlElement | undefined, name: string): XmlElement[] {
  return child(element, name)?.children.filter((c) => c.name === "item") ?? [];
}

export function textOf(element: XmlElement | undefined, name: string): string | undefined {
  const found = child(element, name);
  return found === undefined ? undefined : found.text.trim();
}

/** Depth-first search for the first element with this name. */
export function find(element: XmlElement, name: string): XmlElement | undefined {
  for (const candidate of element.children) {
    if (candidate.name === name) return candidate;
    const nested = find(candidate, name);
    if (nested !== undefined) return nested;
  }
  return undefined;
}
