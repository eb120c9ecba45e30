import type { LoaderFunctionArgs } from "@remix-run/node";
import { resolverLoader } from "~/lib/resolver-loader.server";

/** A short code reaching Remix (the fast path answers most): see resolver-loader.server.ts. */
export const loader = (args: LoaderFunctionArgs) => resolverLoader(args);
