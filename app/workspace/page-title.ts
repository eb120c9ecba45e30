import type { MessageKey } from "~/lib/i18n";

/** What a workspace page is, for its <title>: a message key and, where the address names it, the thing shown. */
export interface WorkspacePageTitle {
  key: MessageKey;
  detail?: string;
}

const sections: [RegExp, MessageKey][] = [
  [/^$/, "ws.nav.overview"],
  [/^products$/, "ws.nav.products"],
  [/^products\/new$/, "ws.products.new"],
  [/^products\/[^/]+$/, "ws.nav.products"],
  [/^batches$/, "ws.nav.batches"],
  [/^batches\/new$/, "ws.batches.new"],
  [/^batches\/[^/]+$/, "ws.page.batch"],
  [/^batches\/[^/]+\/labels(\/.*)?$/, "ws.page.labels"],
  [/^orders$/, "orders.ws.nav"],
  [/^listings$/, "listings.nav"],
  [/^cases$/, "case.ws.nav"],
  [/^cases\/[^/]+$/, "case.ws.nav"],
  [/^households$/, "hh.nav"],
  [/^households\/new$/, "hh.new"],
  [/^households\/import$/, "hh.import"],
  [/^households\/income$/, "hh.income"],
  [/^households\/supplies$/, "hh.supplies"],
  [/^households\/[^/]+$/, "ws.page.household"],
  [/^profile$/, "ws.nav.profile"],
  [/^audit$/, "ws.nav.audit"],
  [/^ocop$/, "ocopApp.nav"],
  [/^ocop\/new$/, "ocopApp.page.new"],
  [/^ocop\/[^/]+$/, "ocopApp.page.dossier"],
];

/**
 * The page of the workspace at `pathname` (`/workspace/{slug}/…`), so each page has a title of its own
 * ("Lô hàng · HTX … · OCOP Trace"). An address it does not know falls back to the overview's words.
 */
export function workspacePageTitle(pathname: string): WorkspacePageTitle {
  const rest = pathname.split("/").filter(Boolean).slice(2).join("/");
  const order = /^orders\/([^/]+)(\/.*)?$/.exec(rest);
  if (order) {
    try {
      return { key: "orders.ws.nav", detail: decodeURIComponent(order[1]!) };
    } catch {
      return { key: "orders.ws.nav" };
    }
  }
  for (const [pattern, key] of sections) if (pattern.test(rest)) return { key };
  return { key: "ws.nav.overview" };
}
