/**
 * `s3://bucket/prefix` as given to `deploy artifacts --to`: checked strictly, because the same
 * text becomes `artifact_base_url`, which the node role's read grant and user-data are built
 * from. Bucket names follow S3's rules; the prefix is plain `/`-separated words.
 */

export interface S3Location {
  readonly bucket: string;
  /** Without slashes at either end; "" for the bucket's root. */
  readonly prefix: string;
}

/** S3 general purpose bucket names: 3–63 of a-z 0-9 . -, starting and ending alphanumeric. */
const bucketPattern = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** One key segment: printable, no wildcards or URL syntax that would change the meaning. */
const segmentPattern = /^[A-Za-z0-9._+=@,-]+$/;

export type S3LocationResult =
  | { readonly ok: true; readonly location: S3Location }
  | { readonly ok: false; readonly reason: string };

export function parseS3Location(text: string): S3LocationResult {
  const match = /^s3:\/\/([^/]*)(?:\/(.*))?$/.exec(text);
  if (!match) return { ok: false, reason: "it must start with s3://, like s3://bucket/prefix" };
  const bucket = match[1]!;
  if (!bucketPattern.test(bucket) || bucket.includes("..") || /^\d+\.\d+\.\d+\.\d+$/.test(bucket)) {
    return { ok: false, reason: `'${bucket}' is not a valid S3 bucket name (3–63 characters: ` +
      "lower-case letters, digits, dots, hyphens)" };
  }
  const segments = (match[2] ?? "").split("/").filter((segment) => segment !== "");
  for (const segment of segments) {
    if (!segmentPattern.test(segment) || segment === "." || segment === "..") {
      return { ok: false, reason: `the prefix segment '${segment}' is not allowed (letters, ` +
        "digits and . _ + = @ , - only; no wildcards, ?, #, spaces or . and ..)" };
    }
  }
  return { ok: true, location: { bucket, prefix: segments.join("/") } };
}

export function s3Url(location: S3Location): string {
  return `s3://${location.bucket}${location.prefix === "" ? "" : `/${location.prefix}`}`;
}

/** The object key of `relativeKey` below the location. */
export function keyBelow(location: S3Location, relativeKey: string): string {
  return location.prefix === "" ? relativeKey : `${location.prefix}/${relativeKey}`;
}
