/**
 * Remix's default Node entry, with two changes: React 18's NUL padding is filtered out of the HTML
 * stream (see app/lib/nul-padding.server.ts), and each page gets a Content-Security-Policy whose script
 * nonce Remix's inline scripts carry. Bots get the whole document at once, browsers the shell first.
 */
import { randomBytes } from "node:crypto";
import type { ActionFunctionArgs, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "~/components/nonce";
import { contentSecurityPolicy } from "~/lib/content-security-policy";
import { errorFields } from "~/lib/logger";
import { createNulPaddingFilter } from "~/lib/nul-padding.server";
import { redactPersonalData } from "~/lib/redact";

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  const nonce = randomBytes(16).toString("base64");
  responseHeaders.set("Content-Security-Policy", contentSecurityPolicy(nonce));
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const ready = () => {
      shellRendered = true;
      const body = createNulPaddingFilter();
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        onShellReady: waitForAll ? undefined : ready,
        onAllReady: waitForAll ? ready : undefined,
        onShellError: reject,
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors before the shell reject above and are logged by Remix; later ones only here.
          if (shellRendered) console.error(redactPersonalData(error instanceof Error ? (error.stack ?? error.message) : String(error)));
        },
        nonce,
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * Errors thrown by loaders and actions, logged once through the server's logger without personal data
 * (a failed query's parameters carry buyers' names, phones and addresses).
 */
export function handleError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs): void {
  if (request.signal.aborted) return;
  const fields = {
    method: request.method,
    path: new URL(request.url).pathname,
    ...errorFields(error),
    stack: error instanceof Error && error.stack ? redactPersonalData(error.stack) : undefined,
  };
  if (context?.logger) context.logger.log("error", "loader or action failed", fields);
  else console.error(JSON.stringify(fields));
}
