import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import * as entry from "~/entry.server";
import * as root from "~/root";

type RouteModule = ServerBuild["routes"][string]["module"];

/**
 * The real Remix server (its entry, root route and the given routes) without a build: tests render pages with the
 * app's own loaders and components. Only the asset manifest is made up (no client bundle is loaded in a test).
 */
export function createTestRemix(routes: { id: string; path?: string; index?: boolean; module: unknown }[]) {
  const all = [{ id: "root", path: "", module: root as unknown }, ...routes.map((r) => ({ ...r, parentId: "root" }))];
  const build = {
    mode: "production",
    entry: { module: entry },
    routes: Object.fromEntries(
      all.map((r) => [r.id, { ...r, caseSensitive: undefined, module: r.module as RouteModule }]),
    ),
    assets: {
      version: "test",
      url: "/build/manifest-test.js",
      entry: { module: "/build/entry.client-test.js", imports: [] },
      routes: Object.fromEntries(
        all.map((r) => {
          const m = r.module as Record<string, unknown>;
          return [
            r.id,
            {
              id: r.id,
              parentId: "parentId" in r ? r.parentId : undefined,
              path: r.path,
              index: "index" in r ? r.index : undefined,
              module: `/build/${r.id}-test.js`,
              hasAction: "action" in m,
              hasLoader: "loader" in m,
              hasClientAction: false,
              hasClientLoader: false,
              hasErrorBoundary: "ErrorBoundary" in m,
              imports: [],
            },
          ];
        }),
      ),
    },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true, v3_singleFetch: true },
    isSpaMode: false,
  } as unknown as ServerBuild;
  const handle = createRequestHandler(build, "production");
  return (request: Request, context: AppLoadContext) => handle(request, context);
}
