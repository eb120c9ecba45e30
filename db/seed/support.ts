/**
 * A year of programme support in the demo (issue 18): entries from the four programmes to the demo cooperatives
 * and to some of their member households, a correction, and repayments of revolving-fund support. Sized so the
 * public pages show some household figures and hide others: 10 and 12 households in a commune are shown, 3 and
 * 2 are not (and what would give them away is hidden too). Clearly demo data: rows carry is_demo.
 */
import { and, eq, sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { appMeta, supportEntries, supportRepayments } from "#db/schema";
import type { SupportEntryInput } from "~/support/schema";
import { insertEntry } from "~/support/ledger.server";
import { THAI_NGUYEN } from "./communes";

export const SUPPORT_SEED_KEY = "demo_support_seed";

interface DemoSupport {
  organisation: string;
  commune: string;
  programme: SupportEntryInput["programme"];
  project: string;
  kind: SupportEntryInput["kind"];
  /** Per household when households are named, else the whole value to the cooperative. */
  valueVnd: number;
  givenOn: string;
  /** How many of the cooperative's member households in the commune (first by code); 0: the cooperative. */
  households: number;
  revolving?: boolean;
}

const plan: DemoSupport[] = [
  { organisation: "htx-che-tan-cuong-xanh", commune: "tan-cuong", programme: "poverty_reduction", project: "Giống chè LDP1 cho hộ nghèo, cận nghèo", kind: "seedlings_livestock", valueVnd: 3_000_000, givenOn: "2026-02-20", households: 10 },
  { organisation: "htx-che-tan-cuong-xanh", commune: "tan-cuong", programme: "new_rural", project: "Máy sao chè liên hoàn", kind: "machinery", valueVnd: 180_000_000, givenOn: "2026-03-15", households: 0 },
  { organisation: "htx-che-tan-cuong-xanh", commune: "dong-hy", programme: "ethnic_minority", project: "Tập huấn chế biến chè an toàn", kind: "training", valueVnd: 1_500_000, givenOn: "2026-05-08", households: 2 },
  { organisation: "htx-nong-nghiep-bao-thai-dinh-hoa", commune: "dinh-hoa", programme: "ethnic_minority", project: "Hỗ trợ trâu giống", kind: "seedlings_livestock", valueVnd: 15_000_000, givenOn: "2026-04-02", households: 12 },
  { organisation: "htx-nong-nghiep-bao-thai-dinh-hoa", commune: "dinh-hoa", programme: "provincial_fund", project: "Quỹ hỗ trợ sản xuất quay vòng", kind: "cash", valueVnd: 200_000_000, givenOn: "2026-01-12", households: 0, revolving: true },
  { organisation: "htx-nong-nghiep-bao-thai-dinh-hoa", commune: "cho-moi", programme: "poverty_reduction", project: "Tập huấn VietGAP lúa Bao thai", kind: "training", valueVnd: 1_200_000, givenOn: "2026-06-18", households: 3 },
  { organisation: "htx-che-suoi-kem-la-bang", commune: "la-bang", programme: "new_rural", project: "Liên kết chuỗi chè Suối Khế – La Bằng", kind: "value_chain", valueVnd: 350_000_000, givenOn: "2026-07-01", households: 0 },
  { organisation: "htx-che-suoi-kem-la-bang", commune: "la-bang", programme: "poverty_reduction", project: "Phân bón hữu cơ vi sinh", kind: "inputs", valueVnd: 2_500_000, givenOn: "2026-08-20", households: 7 },
  { organisation: "htx-che-suoi-kem-la-bang", commune: "la-bang", programme: "new_rural", project: "Đường nội đồng vùng chè", kind: "infrastructure", valueVnd: 420_000_000, givenOn: "2026-09-25", households: 0 },
];

/** Writes the demo support once (marker in app_meta); null when it was there already or the demo is missing. */
export async function seedDemoSupport(tx: Database): Promise<{ entries: number } | null> {
  const [marker] = await tx.select({ key: appMeta.key }).from(appMeta).where(eq(appMeta.key, SUPPORT_SEED_KEY));
  if (marker) return null;
  const system = { userId: null, organisationId: null };
  const numbers: string[] = [];
  for (const p of plan) {
    const [where] = rowsOf<{ organisation_id: string; commune_id: number }>(
      await tx.execute(sql`select o.id as organisation_id, c.id as commune_id from organisations o, communes c
        where o.slug = ${p.organisation} and o.is_demo and c.slug = ${p.commune} and c.province_code = ${THAI_NGUYEN}`),
    );
    if (!where) return null;
    const members = p.households
      ? rowsOf<{ id: string; code: string }>(
          await tx.execute(sql`select id, code from households where organisation_id = ${where.organisation_id} and commune_id = ${where.commune_id}
            and is_demo and joined_on <= ${p.givenOn}::date and (left_on is null or left_on >= ${p.givenOn}::date) order by code limit ${p.households}`),
        )
      : [];
    const input: SupportEntryInput = {
      programme: p.programme,
      project: p.project,
      kind: p.kind,
      valueVnd: p.households ? p.valueVnd * members.length : p.valueVnd,
      givenOn: p.givenOn,
      communeId: Number(where.commune_id),
      beneficiary: p.households ? "households" : "cooperative",
      organisationId: where.organisation_id,
      householdCodes: members.map((m) => m.code),
      revolving: p.revolving ?? false,
      note: null,
    };
    const row = await insertEntry({ db: tx }, system, input, members.map((m) => m.id), true);
    numbers.push(row.id);
  }
  // The machine's price was entered before the invoice came: corrected by a new entry.
  const [machine] = await tx.select().from(supportEntries).where(and(eq(supportEntries.kind, "machinery"), eq(supportEntries.isDemo, true)));
  if (machine) {
    await tx.insert(supportEntries).values({
      programme: machine.programme,
      project: machine.project,
      kind: machine.kind,
      valueVnd: 175_000_000,
      givenOn: machine.givenOn,
      communeId: machine.communeId,
      beneficiary: machine.beneficiary,
      organisationId: machine.organisationId,
      revolving: false,
      correctsId: machine.id,
      reason: "Giá theo hoá đơn thấp hơn dự toán",
      isDemo: true,
    });
  }
  const [fund] = await tx.select().from(supportEntries).where(and(eq(supportEntries.revolving, true), eq(supportEntries.isDemo, true)));
  if (fund) {
    await tx.insert(supportRepayments).values([
      { entryId: fund.id, amountVnd: 40_000_000, paidOn: "2026-06-30", note: "Kỳ 1", isDemo: true },
      { entryId: fund.id, amountVnd: 40_000_000, paidOn: "2026-10-31", note: "Kỳ 2", isDemo: true },
    ]);
  }
  await tx.insert(appMeta).values({ key: SUPPORT_SEED_KEY, value: { seededAt: new Date().toISOString(), entries: numbers.length + 1 } }).onConflictDoNothing();
  return { entries: numbers.length + 1 };
}
