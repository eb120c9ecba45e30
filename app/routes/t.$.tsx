import type { LoaderFunctionArgs } from "@remix-run/node";
import { NotRegisteredBoundary } from "~/components/origin/NotRegistered";
import { resolveFetchRequest } from "~/trace/resolver-route.server";

// The HTTP fast path answers resolver requests; this route renders the "not registered" page for browsers.
export const handle = { hydrate: false };

export async function loader({ request, context }: LoaderFunctionArgs) {
  return resolveFetchRequest(context.db, request);
}

export default function ResolverFallback() {
  return null;
}

export function ErrorBoundary() {
  return <NotRegisteredBoundary />;
}
