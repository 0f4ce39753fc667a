/**
 * The entity field types the language has (the original parser's `parse_type_spec`, plus the
 * file kinds Dazzle gives object storage), and the words people write for them by mistake.
 */

/** Types without a target: `str(200)`, `decimal(10,2)`, `int`, ... */
const scalarTypes = ["str", "text", "int", "decimal", "float", "bool", "date", "datetime", "uuid",
  "email", "json", "url", "timezone", "slug"] as const;

/**
 * Field types that hold a reference to another entity. `latest_one Employment via person` is
 * the newest row of a temporal entity whose `person` field points back here, resolved when read
 * (no column of its own).
 */
export const referenceTypes = ["ref", "has_many", "has_one", "belongs_to", "many_to_many", "embeds",
  "latest_one"] as const;

/** Reference types that may name a link after `via`: a junction entity, or the target's field. */
export const viaLinks: Readonly<Record<string, "entity" | "field">> = {
  has_many: "entity",
  latest_one: "field",
};

/** Field types whose content goes to object storage. */
export const fileTypes = ["file", "image", "document", "attachment", "video", "audio"] as const;

/** Types with a shape of their own. */
const specialTypes = ["enum", "money", "computed"] as const;

const allTypes: ReadonlySet<string> = new Set<string>([...scalarTypes, ...referenceTypes,
  ...fileTypes, ...specialTypes]);

export function isFieldType(word: string): boolean {
  return allTypes.has(word);
}

/** How each type is written, for "did you mean" (`decimel` → `decimal(P,S)`). */
const typeSpellings: Readonly<Record<string, string>> = {
  str: "str(N)",
  decimal: "decimal(P,S)",
  enum: "enum[a,b,c]",
  money: "money(GBP)",
  ref: "ref Entity",
  has_many: "has_many Entity",
  has_one: "has_one Entity",
  belongs_to: "belongs_to Entity",
  many_to_many: "many_to_many Entity",
  embeds: "embeds Entity",
  latest_one: "latest_one Entity via field",
  computed: "computed expression",
};

/** Words from other languages and their type here. */
const foreignTypeWords: Readonly<Record<string, string>> = {
  string: "str",
  varchar: "str",
  char: "str",
  integer: "int",
  number: "int",
  long: "int",
  bigint: "int",
  smallint: "int",
  boolean: "bool",
  double: "float",
  real: "float",
  timestamp: "datetime",
  guid: "uuid",
  textarea: "text",
  dict: "json",
  object: "json",
};

/** Every type, as it is written: the list a "did you mean" falls back to. */
export const fieldTypeSpellings: readonly string[] = [...allTypes].map((type) =>
  typeSpellings[type] ?? type
);

/** The type a mistaken word most likely meant, as it is written (`str(N)`), if any. */
export function suggestFieldType(word: string, closest: (candidates: string[]) =>
  | string
  | undefined): string | undefined {
  const meant = foreignTypeWords[word.toLowerCase()] ??
    (allTypes.has(word.toLowerCase()) ? word.toLowerCase() : closest([...allTypes]));
  return meant === undefined ? undefined : typeSpellings[meant] ?? meant;
}
