import type { LoaderFunctionArgs } from "@remix-run/node";
import { links } from "~/root";
import { resolverLoader } from "~/trace/resolver-route.server";

/** A GS1 Digital Link reaching Remix (the fast path answers most): see resolverLoader in app/trace/resolver-route.server.ts. */
export const loader = ({ request, context }: LoaderFunctionArgs) => resolverLoader({ request, db: context.db, publicUrl: context.publicUrl }, links());
