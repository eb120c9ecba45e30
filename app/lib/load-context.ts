import type { Database } from "#db/client.server";
import type { FileStorage } from "~/storage/storage.server";
import type { IdentityServices } from "~/identity/request.server";
import type { CardPayments } from "~/market/payments/card.server";
import type { Logger } from "./logger";
import type { PageStampSink } from "./page-stamp";

// What the HTTP server hands every loader and action: the one database of the process.
declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    db: Database;
    /** Where uploads are kept (local folder by default); see docs/decisions/0003-file-storage.md. */
    storage: FileStorage;
    /** Session-signing secret; see app/identity/request.server.ts. */
    identity: IdentityServices;
    /** Card payments through Stripe; null when STRIPE_SECRET_KEY is not configured (the card option is hidden). */
    payments: { card: CardPayments | null };
    /** The server's JSON-lines logger: loaders, actions and the commands they call log through it, never the console. */
    logger: Logger;
    /** The client's address as the server saw it (the proxy's view under TRUST_PROXY), for throttles. */
    clientAddress: string;
    /** The site's public origin (PUBLIC_URL): every absolute link is built from it, never from the request's Host. */
    publicUrl: string;
    /**
     * Present only when the page cache renders a public page for anonymous visitors: a loader that can stamp
     * what it read (app/lib/page-stamp.ts) lets the page be kept. Absent on every other request.
     */
    pageStamp?: PageStampSink;
  }
}

// future.v3_singleFetch is on (remix.config.js): this tells the types, so useLoaderData<typeof loader>() and
// useActionData<typeof action>() infer what single fetch really sends (plain objects and data() bodies, dates kept).
declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export {};
