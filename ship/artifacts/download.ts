/**
 * Downloads for `deploy artifacts`: https only (plain http only to this machine, for mirrors
 * and tests, as install.sh allows), redirects followed only to URLs that pass the same rule,
 * bounded in time and size, with byte progress. A checksum is what makes a download trusted;
 * this module only makes it safe to fetch.
 */

export interface DownloadProgress {
  readonly received: number;
  /** From Content-Length, when the server sends it. */
  readonly total?: number;
}

export type Downloader = (
  url: string,
  options?: {
    readonly headers?: Readonly<Record<string, string>>;
    readonly onProgress?: (progress: DownloadProgress) => void;
  },
) => Promise<Uint8Array>;

export class DownloadError extends Error {
  override readonly name = "DownloadError";
}

/** Larger than any release file (dazzle: ~65 MB, TigerBeetle: ~20 MB), small enough to hold. */
const downloadBytesMax = 512 * 1024 * 1024;
const redirectsMax = 5;
/** Per request: generous for 65 MB on a slow link, but never a hang. */
const downloadTimeoutMs = 15 * 60 * 1000;

/** https://, or http:// to a loopback host. */
function downloadAllowed(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username !== "" || parsed.password !== "") return false;
  if (parsed.protocol === "https:") return true;
  return parsed.protocol === "http:" &&
    ["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname);
}

export function httpDownloader(fetchImpl: typeof fetch = fetch): Downloader {
  return async (url, options = {}) => {
    let current = url;
    for (let hop = 0; hop <= redirectsMax; hop++) {
      if (!downloadAllowed(current)) {
        throw new DownloadError(`refusing to download ${current}: only https:// (or http:// ` +
          "to 127.0.0.1/localhost) is allowed, without user info");
      }
      let response: Response;
      try {
        response = await fetchImpl(current, { redirect: "manual",
          headers: { "user-agent": "dazzle", ...options.headers },
          signal: AbortSignal.timeout(downloadTimeoutMs) });
      } catch (error) {
        throw new DownloadError(`could not download ${current}: ${(error as Error).message}`);
      }
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location !== null) {
        await response.body?.cancel();
        current = new URL(location, current).toString();
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new DownloadError(`could not download ${current}: HTTP ${response.status}`);
      }
      return await readBounded(response, current, options.onProgress);
    }
    throw new DownloadError(`could not download ${url}: more than ${redirectsMax} redirects`);
  };
}

async function readBounded(
  response: Response,
  url: string,
  onProgress: ((progress: DownloadProgress) => void) | undefined,
): Promise<Uint8Array> {
  const length = Number(response.headers.get("content-length") ?? NaN);
  const total = Number.isFinite(length) ? length : undefined;
  if (total !== undefined && total > downloadBytesMax) {
    await response.body?.cancel();
    throw new DownloadError(`${url} is ${total} bytes; the limit is ${downloadBytesMax}`);
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body?.getReader();
  try {
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > downloadBytesMax) {
        throw new DownloadError(`${url} is over ${downloadBytesMax} bytes; refusing the rest`);
      }
      chunks.push(value);
      onProgress?.({ received, ...(total !== undefined ? { total } : {}) });
    }
  } catch (error) {
    await reader?.cancel().catch(() => undefined);
    if (error instanceof DownloadError) throw error;
    throw new DownloadError(`download of ${url} broke off after ${received} bytes: ` +
      (error as Error).message);
  }
  if (total !== undefined && received !== total) {
    throw new DownloadError(`download of ${url} broke off: ${received} of ${total} bytes`);
  }
  return Buffer.concat(chunks, received);
}
