/**
 * The artifact bucket on S3 (AWS SDK v3). Each object carries its SHA-256 twice: as S3's own
 * `ChecksumSHA256`, which S3 checks on upload, and as `x-amz-meta-sha256` (hex), which a later
 * run reads with a HEAD to skip an unchanged file without downloading it.
 */
import { Readable } from "node:stream";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand,
  type S3Client } from "@aws-sdk/client-s3";
import type { ArtifactBucket } from "./publish.ts";
import { keyBelow, type S3Location } from "./s3-location.ts";

/** Slices of the body handed to the HTTP layer; progress moves in these steps. */
const uploadSliceBytes = 1024 * 1024;
/** Attempts per upload: a fresh body each time (a consumed stream cannot be retried). */
const uploadAttempts = 3;

export function s3ArtifactBucket(client: S3Client, location: S3Location): ArtifactBucket {
  const Bucket = location.bucket;
  return {
    async describe(key) {
      try {
        const head = await client.send(
          new HeadObjectCommand({ Bucket, Key: keyBelow(location, key) }),
        );
        const sha256 = head.Metadata?.["sha256"];
        return { size: head.ContentLength ?? -1, ...(sha256 ? { sha256 } : {}) };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async put(key, body, sha256, onProgress) {
      for (let attempt = 1;; attempt++) {
        try {
          await client.send(new PutObjectCommand({
            Bucket,
            Key: keyBelow(location, key),
            Body: slicedStream(body, onProgress),
            ContentLength: body.byteLength,
            ChecksumSHA256: Buffer.from(sha256, "hex").toString("base64"),
            Metadata: { sha256 },
            ContentType: key.endsWith("SHA256SUMS") ? "text/plain" : "application/octet-stream",
          }));
          return;
        } catch (error) {
          if (attempt >= uploadAttempts || !isRetryable(error)) throw error;
        }
      }
    },
    async read(key) {
      try {
        const object = await client.send(
          new GetObjectCommand({ Bucket, Key: keyBelow(location, key) }),
        );
        return object.Body ? await object.Body.transformToByteArray() : new Uint8Array(0);
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
  };
}

function slicedStream(body: Uint8Array, onProgress?: (sent: number) => void): Readable {
  return Readable.from((function* slices() {
    for (let offset = 0; offset < body.byteLength; offset += uploadSliceBytes) {
      const end = Math.min(offset + uploadSliceBytes, body.byteLength);
      yield Buffer.from(body.buffer, body.byteOffset + offset, end - offset);
      onProgress?.(end);
    }
  })(), { objectMode: false });
}

function isNotFound(error: unknown): boolean {
  const name = error instanceof Error ? error.name : "";
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return name === "NotFound" || name === "NoSuchKey" || status === 404;
}

/** Network breaks and 5xx: worth another attempt; access denied or a bad bucket: not. */
function isRetryable(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return status === undefined || status >= 500;
}
