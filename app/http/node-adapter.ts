import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { createReadableStreamFromReadable, writeReadableStreamToWritable } from "@remix-run/node";

/**
 * Turns a Node request into a Fetch Request, aborting it when the client goes away. Its URL carries the
 * configured public host (never the Host header) and the scheme the request really came over (`tls`).
 */
export function toFetchRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: {
    publicHost: string;
    tls: boolean;
    maxBodyBytes?: number;
    onTooLarge?: () => void;
    /** The body, already read (forms are read whole at the edge to check their encoding). */
    body?: Uint8Array<ArrayBuffer>;
  },
): Request {
  // Only origin-form targets ("/path"): "//other.host/x" must stay a path on this site.
  const target = req.url?.startsWith("/") ? req.url : "/";
  const url = new URL(`${options.tls ? "https" : "http"}://${options.publicHost}${target}`);

  let controller: AbortController | null = new AbortController();
  res.on("finish", () => {
    controller = null;
  });
  res.on("close", () => controller?.abort());

  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }

  const method = req.method ?? "GET";
  const init: RequestInit & { duplex?: "half" } = { method, headers, signal: controller.signal };
  if (options.body !== undefined) {
    init.body = options.body;
  } else if (method !== "GET" && method !== "HEAD") {
    init.body = createReadableStreamFromReadable(
      options.maxBodyBytes === undefined ? req : Readable.from(limitBody(req, options.maxBodyBytes, options.onTooLarge)),
    );
    init.duplex = "half";
  }
  return new Request(url.href, init);
}

/** The body's chunks, failing (after onTooLarge) as soon as more than maxBytes have come. */
async function* limitBody(req: IncomingMessage, maxBytes: number, onTooLarge: (() => void) | undefined): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      onTooLarge?.();
      throw new Error(`request body over ${maxBytes} bytes`);
    }
    yield chunk;
  }
}

/**
 * The whole body, or "too_large" (after onTooLarge) as soon as more than maxBytes have come, or "aborted" when the
 * client goes away before sending it all.
 */
export async function readWholeBody(
  req: IncomingMessage,
  maxBytes: number,
  onTooLarge?: () => void,
): Promise<Uint8Array<ArrayBuffer> | "too_large" | "aborted"> {
  const chunks: Buffer[] = [];
  let tooLarge = false;
  const over = () => {
    tooLarge = true;
    onTooLarge?.();
  };
  try {
    for await (const chunk of limitBody(req, maxBytes, over)) chunks.push(chunk);
  } catch {
    return tooLarge ? "too_large" : "aborted";
  }
  return Buffer.concat(chunks);
}

/** Writes a Fetch Response to a Node response, keeping multiple Set-Cookie headers apart. */
export async function sendFetchResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  for (const [name, value] of response.headers) {
    if (name === "set-cookie") continue;
    res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);

  if (response.body && res.req.method !== "HEAD") {
    await writeReadableStreamToWritable(response.body, res);
  } else {
    res.end();
  }
}
