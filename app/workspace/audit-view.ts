/** The views of a cooperative's audit log, shared by its loader and its page. */

/** Reads of household personal data are logged as this action: one row per page or export shown. */
export const PERSONAL_DATA_VIEW = "view_personal_data";

/**
 * Which rows the log shows: changes (the default: everything but reads of personal data, which would otherwise
 * bury them), reads of personal data only, or all.
 */
export const auditViews = ["changes", "views", "all"] as const;
export type AuditView = (typeof auditViews)[number];

/** The `show` query parameter; anything else is the default view. */
export function parseAuditView(value: string | null): AuditView {
  return (auditViews as readonly string[]).includes(value ?? "") ? (value as AuditView) : "changes";
}
