import { SMTPServer, type SMTPServerOptions } from "smtp-server";

// A real SMTP server (the smtp-server package) on 127.0.0.1 and a port the system picks, started and stopped by the
// test that needs it. It keeps each delivered message, decoded enough to read: headers, the text and HTML parts.

export interface DeliveredMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  raw: string;
}

export interface TestSmtpServer {
  port: number;
  url: string;
  mails: DeliveredMail[];
  /** Mail delivered to an address so far (envelope recipients). */
  to(address: string): DeliveredMail[];
  /** Waits until a mail to `address` matching `where` arrives (polls every 100 ms). */
  waitFor(address: string, where?: (mail: DeliveredMail) => boolean, timeoutMs?: number): Promise<DeliveredMail>;
  /** How many DATA commands were answered (accepted or refused). */
  attempts(): number;
  close(): Promise<void>;
}

function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=\s*(?==\?)|=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (...m: string[]) => {
    const [encoding, text] = m[2] ? [m[2], m[3]!] : [m[5]!, m[6]!];
    if (encoding.toLowerCase() === "b") return Buffer.from(text, "base64").toString("utf8");
    const bytes = text.replace(/_/g, " ").replace(/=([0-9A-Fa-f]{2})/g, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  });
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.replace(/\r\n[ \t]+/g, " ").split(/\r\n/)) {
    const at = line.indexOf(":");
    if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  return headers;
}

function decodeBody(body: string, encoding: string | undefined): string {
  const e = (encoding ?? "7bit").toLowerCase();
  if (e === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (e === "quoted-printable") {
    const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-Fa-f]{2})/g, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return Buffer.from(body, "latin1").toString("utf8");
}

/** The text and HTML parts of a (possibly nested multipart) message. */
function parts(headers: Record<string, string>, body: string, out: { text: string; html: string }): void {
  const type = headers["content-type"] ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith("--")) break;
      const split = chunk.replace(/^\r\n/, "").indexOf("\r\n\r\n");
      const trimmed = chunk.replace(/^\r\n/, "");
      parts(parseHeaders(trimmed.slice(0, split)), trimmed.slice(split + 4), out);
    }
    return;
  }
  const decoded = decodeBody(body, headers["content-transfer-encoding"]).replace(/\r\n$/, "");
  if (/^text\/html/i.test(type)) out.html = decoded;
  else if (/^text\/plain/i.test(type)) out.text = decoded;
}

export function parseMail(raw: string, envelope: { from: string; to: string[] }): DeliveredMail {
  const split = raw.indexOf("\r\n\r\n");
  const headers = parseHeaders(raw.slice(0, split));
  const out = { text: "", html: "" };
  parts(headers, raw.slice(split + 4), out);
  return { ...envelope, subject: decodeWords(headers.subject ?? ""), text: out.text.replace(/\r\n/g, "\n"), html: out.html, headers, raw };
}

/**
 * Starts the server. `refuse(n)` is asked for the n-th message (1, 2, …): when it returns a text, that message is
 * refused with it (a temporary 451 failure), as a mail server in trouble would.
 */
export async function startTestSmtpServer(options: { refuse?: (attempt: number) => string | null } = {}): Promise<TestSmtpServer> {
  const mails: DeliveredMail[] = [];
  let attempts = 0;
  const settings: SMTPServerOptions = {
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        attempts += 1;
        const refusal = options.refuse?.(attempts) ?? null;
        if (refusal) {
          const error = new Error(refusal) as Error & { responseCode: number };
          error.responseCode = 451;
          callback(error);
          return;
        }
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
        };
        mails.push(parseMail(Buffer.concat(chunks).toString("latin1"), envelope));
        callback();
      });
    },
  };
  const server = new SMTPServer(settings);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const to = (address: string) => mails.filter((m) => m.to.includes(address.toLowerCase()));
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails,
    to,
    attempts: () => attempts,
    async waitFor(address, where = () => true, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const found = to(address).find(where);
        if (found) return found;
        if (Date.now() > until) throw new Error(`no mail to ${address} within ${timeoutMs} ms (got: ${mails.map((m) => `${m.to.join(",")}: ${m.subject}`).join("; ")})`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
