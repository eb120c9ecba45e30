/**
 * What a dossier still lacks before it may be submitted (pure): a self-score for every criterion of its sheet, both
 * forms complete, and for every `required` criterion its evidence — a document of its kind, a lot with a lab test
 * (the lab_tests evidence showing at least one tested lot), or its platform evidence attached.
 */
import type { CriteriaSheet, PlatformEvidenceKind } from "./rules";
import type { DossierFormName } from "./forms";

/** The kinds of document a dossier carries (the ocop_document_kind enum of db/schema/ocop.ts; a test keeps them equal). Here, not in a
 * .server module, because the dossier page's upload form lists them in the browser too. */
export const ocopDocumentKinds = ["business_registration", "food_safety", "trademark", "lab_report", "product_story", "photo", "standard", "other"] as const;
export type OcopDocumentKind = (typeof ocopDocumentKinds)[number];

export type MissingItem =
  | { kind: "form"; form: DossierFormName }
  | { kind: "self_score"; code: string }
  | { kind: "document"; code: string; documentKind: string }
  | { kind: "lab_tested_lot"; code: string }
  | { kind: "platform_evidence"; code: string; evidence: PlatformEvidenceKind };

export interface DossierState {
  formsComplete: Record<DossierFormName, boolean>;
  selfScoredCodes: readonly string[];
  documentKinds: readonly string[];
  attachedEvidence: readonly PlatformEvidenceKind[];
  /** Lots with a lab test in the attached lab_tests evidence (0 when it is not attached). */
  labTestedLots: number;
}

export function dossierMissing(sheet: CriteriaSheet, state: DossierState): MissingItem[] {
  const missing: MissingItem[] = [];
  for (const form of ["productIdea", "businessPlan"] as const) if (!state.formsComplete[form]) missing.push({ kind: "form", form });
  const scored = new Set(state.selfScoredCodes);
  const documents = new Set(state.documentKinds);
  const evidence = new Set(state.attachedEvidence);
  for (const c of sheet.criteria) {
    if (!scored.has(c.code)) missing.push({ kind: "self_score", code: c.code });
    if (!c.required) continue;
    if (c.evidence === "document" && !documents.has(c.documentKind ?? "other")) missing.push({ kind: "document", code: c.code, documentKind: c.documentKind ?? "other" });
    if (c.evidence === "lab_tested_lot" && state.labTestedLots === 0) missing.push({ kind: "lab_tested_lot", code: c.code });
    if (c.evidence === "platform_figure" && c.platformEvidence && !evidence.has(c.platformEvidence)) missing.push({ kind: "platform_evidence", code: c.code, evidence: c.platformEvidence });
  }
  return missing;
}
