import type { LoaderFunctionArgs } from "@remix-run/node";
import { resolverLoader } from "~/lib/resolver-loader.server";

/** A GS1 Digital Link reaching Remix (the fast path answers most): see resolver-loader.server.ts. */
export const loader = (args: LoaderFunctionArgs) => resolverLoader(args);
