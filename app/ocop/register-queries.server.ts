/**
 * Reads of the public OCOP register: the list (with filters), one certificate by its number with its public history,
 * a product's newest certificate (for the notice a withdrawn one leaves on the product page), and the facts a
 * certificate PDF prints. Only decided results are public: every certificate is one.
 */
import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { communes, ocopCertificateEvents, ocopCertificates, ocopDecisions, organisations, products } from "#db/schema";
import { ocopGroups } from "~/catalog/schema";
import { certificateStanding, type CertificateStanding, type CertificateStatus } from "./certificate-rules";
import { z } from "zod";
import type { DataTable } from "~/insights/tables";
import type { MessageKey, Translate } from "~/lib/i18n";

export interface RegisterRow {
  id: string;
  number: string;
  stars: number;
  score: number | null;
  productGroup: (typeof ocopGroups)[number];
  issuedOn: string;
  expiresOn: string;
  status: CertificateStatus;
  statusReason: string | null;
  origin: "evaluation" | "recorded_without_evaluation";
  confirmed: boolean;
  standing: CertificateStanding;
  /** A newer valid certificate of the same product took its place (a renewal). */
  superseded: boolean;
  productId: string;
  productSlug: string;
  productNameVi: string;
  productNameEn: string | null;
  organisationName: string;
  organisationSlug: string;
  communeId: number | null;
  communeName: string | null;
  decisionNumber: string | null;
  decisionSignedOn: string | null;
  isDemo: boolean;
}

export const registerFilterSchema = z.object({
  stars: z
    .enum(["3", "4", "5"])
    .optional()
    .catch(undefined)
    .transform((v) => (v ? Number(v) : null)),
  group: z.enum(ocopGroups).optional().catch(undefined).transform((v) => v ?? null),
  commune: z
    .string()
    .regex(/^\d{1,9}$/)
    .optional()
    .catch(undefined)
    .transform((v) => (v ? Number(v) : null)),
  status: z.enum(["valid", "expiring", "expired", "not_yet_valid", "suspended", "revoked", "unconfirmed"]).optional().catch(undefined).transform((v) => v ?? null),
});
export type RegisterFilter = z.output<typeof registerFilterSchema>;

export function parseRegisterFilter(params: URLSearchParams): RegisterFilter {
  return registerFilterSchema.parse(Object.fromEntries([...params].filter(([k]) => ["stars", "group", "commune", "status"].includes(k))));
}

function selectRows(db: Database) {
  return db
    .select({
      id: ocopCertificates.id,
      number: ocopCertificates.number,
      stars: ocopCertificates.stars,
      score: ocopCertificates.score,
      productGroup: ocopCertificates.productGroup,
      issuedOn: ocopCertificates.issuedOn,
      expiresOn: ocopCertificates.expiresOn,
      status: ocopCertificates.status,
      statusReason: ocopCertificates.statusReason,
      origin: ocopCertificates.origin,
      confirmedAt: ocopCertificates.confirmedAt,
      productId: ocopCertificates.productId,
      productSlug: products.slug,
      productNameVi: products.nameVi,
      productNameEn: products.nameEn,
      currentNumber: products.ocopCertificateNumber,
      organisationName: organisations.name,
      organisationSlug: organisations.slug,
      communeId: organisations.communeId,
      communeName: communes.nameVi,
      decisionNumber: ocopDecisions.number,
      decisionSignedOn: ocopDecisions.signedOn,
      isDemo: ocopCertificates.isDemo,
    })
    .from(ocopCertificates)
    .innerJoin(products, eq(products.id, ocopCertificates.productId))
    .innerJoin(organisations, eq(organisations.id, ocopCertificates.organisationId))
    .leftJoin(communes, eq(communes.id, organisations.communeId))
    .leftJoin(ocopDecisions, eq(ocopDecisions.id, ocopCertificates.decisionId));
}

type RawRow = Awaited<ReturnType<ReturnType<typeof selectRows>["where"]>>[number];

function toRow(r: RawRow, today: string): RegisterRow {
  const { confirmedAt, currentNumber, ...rest } = r;
  const standing = certificateStanding(r, today);
  return {
    ...rest,
    confirmed: r.origin === "evaluation" || confirmedAt !== null,
    standing,
    superseded: r.status === "valid" && currentNumber !== null && currentNumber.toLowerCase() !== r.number.toLowerCase(),
  };
}

/** The register, newest first, filtered by stars, group, commune and standing (the standing is a function of the day). */
export async function listRegister(db: Database, filter: RegisterFilter, today: string, limit = 500): Promise<RegisterRow[]> {
  const where: SQL[] = [];
  if (filter.stars !== null) where.push(eq(ocopCertificates.stars, filter.stars));
  if (filter.group !== null) where.push(eq(ocopCertificates.productGroup, filter.group));
  if (filter.commune !== null) where.push(eq(organisations.communeId, filter.commune));
  if (filter.status === "suspended" || filter.status === "revoked") where.push(eq(ocopCertificates.status, filter.status));
  if (filter.status === "unconfirmed") where.push(sql`${ocopCertificates.origin} = 'recorded_without_evaluation' and ${ocopCertificates.confirmedAt} is null`);
  if (filter.status === "expired") where.push(sql`${ocopCertificates.status} = 'valid' and ${ocopCertificates.expiresOn} < ${today}::date`);
  if (filter.status === "valid" || filter.status === "expiring") where.push(sql`${ocopCertificates.status} = 'valid' and ${today}::date between ${ocopCertificates.issuedOn} and ${ocopCertificates.expiresOn}`);
  if (filter.status === "not_yet_valid") where.push(sql`${ocopCertificates.status} = 'valid' and ${ocopCertificates.issuedOn} > ${today}::date`);
  const rows = await selectRows(db)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(ocopCertificates.issuedOn), asc(ocopCertificates.number))
    .limit(limit);
  const mapped = rows.map((r) => toRow(r, today));
  return filter.status === "valid" || filter.status === "expiring" ? mapped.filter((r) => r.standing === filter.status) : mapped;
}

/** The communes that hold certificates, for the register's filter. */
export async function registerCommunes(db: Database): Promise<Array<{ id: number; name: string }>> {
  const rows = await db
    .selectDistinct({ id: communes.id, name: communes.nameVi })
    .from(ocopCertificates)
    .innerJoin(organisations, eq(organisations.id, ocopCertificates.organisationId))
    .innerJoin(communes, eq(communes.id, organisations.communeId))
    .orderBy(asc(communes.nameVi));
  return rows;
}

export interface CertificateEvent {
  kind: "issued" | "recorded" | "confirmed" | "suspended" | "reinstated" | "revoked";
  reason: string | null;
  at: string;
}

export interface CertificateView extends RegisterRow {
  decisionSignerName: string | null;
  decisionSignerTitle: string | null;
  decisionLevel: "province" | "central" | null;
  statusChangedAt: string | null;
  events: CertificateEvent[];
}

/** One certificate by its number, compared case-insensitively; null when the register has no such number. */
export async function getCertificateByNumber(db: Database, number: string, today: string): Promise<CertificateView | null> {
  const [row] = await selectRows(db).where(sql`lower(${ocopCertificates.number}) = lower(${number})`);
  if (!row) return null;
  const [extra] = await db
    .select({
      signerName: ocopDecisions.signerName,
      signerTitle: ocopDecisions.signerTitle,
      level: ocopDecisions.level,
      statusChangedAt: ocopCertificates.statusChangedAt,
    })
    .from(ocopCertificates)
    .leftJoin(ocopDecisions, eq(ocopDecisions.id, ocopCertificates.decisionId))
    .where(eq(ocopCertificates.id, row.id));
  const events = await db
    .select({ kind: ocopCertificateEvents.kind, reason: ocopCertificateEvents.reason, at: ocopCertificateEvents.at })
    .from(ocopCertificateEvents)
    .where(eq(ocopCertificateEvents.certificateId, row.id))
    .orderBy(asc(ocopCertificateEvents.at), asc(ocopCertificateEvents.id));
  return {
    ...toRow(row, today),
    decisionSignerName: extra?.signerName ?? null,
    decisionSignerTitle: extra?.signerTitle ?? null,
    decisionLevel: extra?.level ?? null,
    statusChangedAt: extra?.statusChangedAt?.toISOString() ?? null,
    events: events.map((e) => ({ kind: e.kind, reason: e.reason, at: e.at.toISOString() })),
  };
}

/** What a withdrawn certificate leaves on a product's page: its newest certificate when that one is suspended or revoked. */
export interface WithdrawnCertificate {
  number: string;
  status: "suspended" | "revoked";
  reason: string | null;
  changedAt: string | null;
}

export async function withdrawnCertificateOf(db: Database, product: { id: string } | { slug: string }): Promise<WithdrawnCertificate | null> {
  const [row] = await db
    .select({ number: ocopCertificates.number, status: ocopCertificates.status, reason: ocopCertificates.statusReason, changedAt: ocopCertificates.statusChangedAt })
    .from(ocopCertificates)
    .innerJoin(products, eq(products.id, ocopCertificates.productId))
    .where("id" in product ? eq(products.id, product.id) : eq(products.slug, product.slug))
    .orderBy(desc(ocopCertificates.issuedOn), desc(ocopCertificates.createdAt))
    .limit(1);
  if (!row || row.status === "valid") return null;
  return { number: row.number, status: row.status, reason: row.reason, changedAt: row.changedAt?.toISOString() ?? null };
}

/** The register's certificate of each product, current or last (for the workspace's read-only view). */
export async function certificatesOfProduct(db: Database, productId: string, today: string): Promise<RegisterRow[]> {
  const rows = await selectRows(db).where(eq(ocopCertificates.productId, productId)).orderBy(desc(ocopCertificates.issuedOn));
  return rows.map((r) => toRow(r, today));
}

/** The register as a table (the page's CSV/XLSX download writes exactly these rows). */
export function registerTable(rows: readonly RegisterRow[], t: Translate): DataTable {
  return {
    id: "register",
    title: t("ocopRegister.title"),
    columns: [
      { label: t("ocopRegister.col.number"), kind: "text" },
      { label: t("ocopRegister.col.product"), kind: "text" },
      { label: t("ocopRegister.col.producer"), kind: "text" },
      { label: t("ocopRegister.col.commune"), kind: "text" },
      { label: t("ocopRegister.col.group"), kind: "text" },
      { label: t("ocopRegister.col.stars"), kind: "number" },
      { label: t("ocopRegister.col.score"), kind: "number" },
      { label: t("ocopRegister.col.decision"), kind: "text" },
      { label: t("product.certificateIssued"), kind: "date" },
      { label: t("product.certificateExpires"), kind: "date" },
      { label: t("ocopRegister.col.status"), kind: "text" },
      { label: t("ocopRegister.col.origin"), kind: "text" },
      { label: t("ocopRegister.dept.reason"), kind: "text" },
    ],
    rows: rows.map((r) => [
      r.number,
      r.productNameVi,
      r.organisationName,
      r.communeName,
      t(`ocopGroup.${r.productGroup}` as MessageKey),
      r.stars,
      r.score,
      r.decisionNumber ? `${r.decisionNumber} (${r.decisionSignedOn})` : null,
      r.issuedOn,
      r.expiresOn,
      t(`ocopRegister.standing.${r.standing}` as MessageKey),
      r.origin === "evaluation" ? t("ocopRegister.origin.evaluation") : r.confirmed ? t("ocopRegister.recordedConfirmed") : t("ocopRegister.recordedUnconfirmed"),
      r.statusReason,
    ]),
    total: null,
  };
}

/** Whose name heads a certificate: the department that signed its decision, else the province's department. */
export async function certificateIssuerName(db: Database, numberOrId: { number: string }): Promise<string> {
  const [row] = await db
    .select({ name: organisations.name })
    .from(ocopCertificates)
    .innerJoin(ocopDecisions, eq(ocopDecisions.id, ocopCertificates.decisionId))
    .innerJoin(organisations, eq(organisations.id, ocopDecisions.departmentId))
    .where(sql`lower(${ocopCertificates.number}) = lower(${numberOrId.number})`);
  if (row) return row.name;
  const [department] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.kind, "department")).orderBy(asc(organisations.createdAt)).limit(1);
  return department?.name ?? "OCOP";
}
