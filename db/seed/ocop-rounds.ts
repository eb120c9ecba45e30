/**
 * Demo OCOP evaluation rounds, so the council, register and dashboard pages show something on first start:
 * - "Đợt 1 năm 2026", closed: three applications scored by four members, a ranking decision (3★, 4★, not ranked) and
 *   the two certificates issued from it through the register (an upgrade of Cam sành Chợ Đồn to 4★ supersedes its 3★) (app/ocop/register.server.ts), so those products' stars
 *   come from an evaluation;
 * - "Đợt 2 năm 2026", in scoring: an upgrade application of HTX Chè Tân Cương Xanh under evaluation (two members have
 *   submitted, one has a draft, one declared a conflict with the cooperative) and one of Bao Thai awaiting the secretary.
 * Council members are demo accounts (db/seed/accounts.ts): nothing is seeded here when demo accounts are refused.
 * Scores are chosen per criterion from the sheet's own options (`closestOption`), so every total obeys the rules.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "#db/client.server";
import {
  memberships,
  ocopApplicationEvents,
  ocopApplications,
  ocopConflicts,
  ocopCouncilMembers,
  ocopCouncilScores,
  ocopDecisionItems,
  ocopDecisions,
  ocopRounds,
  ocopScoreSubmissions,
  ocopSelfScores,
  organisations,
  products,
  users,
} from "#db/schema";
import { issueCertificates } from "~/ocop/register.server";
import { councilMean, criterionMaximum, provinceResult, totals, type CriteriaSheet } from "~/ocop/rules";
import { currentPublishedSheet } from "~/ocop/sheets.server";

export const DEMO_DEPARTMENT = "so-nong-nghiep-va-moi-truong-thai-nguyen";
export const DEMO_SECRETARY = "canbo.so@demo.ocoptrace.vn";
export const DEMO_COUNCIL = [
  { email: "chutich.hoidong@demo.ocoptrace.vn", role: "chair", title: "Phó Giám đốc Sở Nông nghiệp và Môi trường" },
  { email: DEMO_SECRETARY, role: "secretary", title: "Chuyên viên Phòng Kinh tế hợp tác và Phát triển nông thôn" },
  { email: "chuyengia.1@demo.ocoptrace.vn", role: "member", title: "Chuyên gia chế biến nông sản" },
  { email: "chuyengia.2@demo.ocoptrace.vn", role: "member", title: "Chuyên gia thị trường và xúc tiến thương mại" },
  { email: "chuyengia.3@demo.ocoptrace.vn", role: "member", title: "Chuyên gia an toàn thực phẩm" },
] as const;
/** The member who declared a conflict of interest with HTX Chè Tân Cương Xanh in round 2. */
export const DEMO_CONFLICTED_MEMBER = "chuyengia.3@demo.ocoptrace.vn";

/** For each criterion, the option whose points come closest to `ratio` of its maximum (the lower one on a tie). */
export function closestOption(sheet: CriteriaSheet, ratio: number): Array<{ criterionCode: string; optionIndex: number; points: number }> {
  return sheet.criteria.map((c) => {
    const target = ratio * criterionMaximum(c);
    let best = 0;
    c.options.forEach((o, i) => {
      const d = Math.abs(o.points - target);
      const bestD = Math.abs(c.options[best]!.points - target);
      if (d < bestD || (d === bestD && o.points < c.options[best]!.points)) best = i;
    });
    return { criterionCode: c.code, optionIndex: best, points: c.options[best]!.points };
  });
}

const at = (iso: string) => new Date(iso);

interface DemoApplication {
  number: string;
  product: string;
  productSet: string;
  kind: "new" | "renewal" | "upgrade";
  /** Self-score as a share of each criterion's maximum. */
  self: number;
  /** Each scoring member's share (submitted unless `draft`); none for a member not scoring. */
  members: Partial<Record<string, { ratio: number; draft?: boolean }>>;
  idea: Record<string, string>;
  plan: Record<string, string | number>;
}

const round1: DemoApplication[] = [
  {
    number: "HS-2026-0001",
    product: "gao-nep-dinh-hoa",
    productSet: "food.grain",
    kind: "new",
    self: 0.7,
    members: { "chutich.hoidong@demo.ocoptrace.vn": { ratio: 0.64 }, "chuyengia.1@demo.ocoptrace.vn": { ratio: 0.6 }, "chuyengia.2@demo.ocoptrace.vn": { ratio: 0.66 }, "chuyengia.3@demo.ocoptrace.vn": { ratio: 0.62 } },
    idea: { productName: "Gạo nếp Định Hóa", rawMaterials: "Lúa nếp cái hoa vàng", rawMaterialSource: "Ruộng của 40 hộ thành viên ở Định Hóa", productionScale: "25 tấn/năm", targetMarket: "Thái Nguyên, Hà Nội", distinctiveness: "Giống nếp địa phương, hạt tròn, dẻo thơm" },
    plan: { members: 52, workers: 12, capacityPerYear: "25 tấn", revenueLastYearVnd: 780_000_000, salesChannels: "Chợ, cửa hàng đặc sản, sàn OCOP Trace", threeYearPlan: "Mở rộng vùng nếp lên 20 ha, đóng túi hút chân không" },
  },
  {
    number: "HS-2026-0002",
    product: "cam-sanh-cho-don",
    productSet: "food.fresh_produce",
    kind: "upgrade",
    self: 0.8,
    members: { "chutich.hoidong@demo.ocoptrace.vn": { ratio: 0.74 }, "chuyengia.1@demo.ocoptrace.vn": { ratio: 0.76 }, "chuyengia.2@demo.ocoptrace.vn": { ratio: 0.72 }, "chuyengia.3@demo.ocoptrace.vn": { ratio: 0.75 } },
    idea: { productName: "Cam sành Chợ Đồn", rawMaterials: "Quả cam sành tươi", rawMaterialSource: "Vườn VietGAP của hộ thành viên xã Chợ Đồn", productionScale: "120 tấn/vụ", targetMarket: "Hà Nội, các tỉnh phía Bắc", distinctiveness: "Cam sành vùng cao, mọng nước, vị ngọt đậm; truy xuất từng vườn" },
    plan: { members: 41, workers: 30, capacityPerYear: "120 tấn", revenueLastYearVnd: 2_100_000_000, salesChannels: "Siêu thị, sàn TMĐT, OCOP Trace", threeYearPlan: "Nâng lên 4 sao, kho lạnh sơ chế tại xã" },
  },
  {
    number: "HS-2026-0003",
    product: "quyt-cho-don",
    productSet: "food.fresh_produce",
    kind: "new",
    self: 0.6,
    members: { "chutich.hoidong@demo.ocoptrace.vn": { ratio: 0.3 }, "chuyengia.1@demo.ocoptrace.vn": { ratio: 0.33 }, "chuyengia.2@demo.ocoptrace.vn": { ratio: 0.28 }, "chuyengia.3@demo.ocoptrace.vn": { ratio: 0.32 } },
    idea: { productName: "Quýt Chợ Đồn", rawMaterials: "Quả quýt tươi", rawMaterialSource: "Vườn của hộ thành viên xã Chợ Đồn", productionScale: "60 tấn/vụ", targetMarket: "Bắc Kạn, Thái Nguyên", distinctiveness: "Vỏ mỏng, vị ngọt thanh" },
    plan: { members: 18, workers: 18, capacityPerYear: "60 tấn", salesChannels: "Thương lái, chợ đầu mối", threeYearPlan: "Xây dựng nhãn hiệu tập thể, đóng hộp quà Tết" },
  },
];

const round2: Array<DemoApplication & { status: "under_evaluation" | "submitted" }> = [
  {
    number: "HS-2026-0004",
    product: "tra-xanh-tan-cuong-tui-loc",
    productSet: "beverage.tea",
    kind: "upgrade",
    status: "under_evaluation",
    self: 0.82,
    members: { "chutich.hoidong@demo.ocoptrace.vn": { ratio: 0.77 }, "chuyengia.1@demo.ocoptrace.vn": { ratio: 0.8 }, "chuyengia.2@demo.ocoptrace.vn": { ratio: 0.7, draft: true } },
    idea: { productName: "Trà xanh Tân Cương túi lọc", rawMaterials: "Chè búp Tân Cương", rawMaterialSource: "Vùng chè của hộ thành viên xã Tân Cương", productionScale: "120.000 hộp/năm", targetMarket: "Cả nước, xuất khẩu thử Nhật Bản", distinctiveness: "Chè Tân Cương nghiền, túi lọc phân hủy sinh học" },
    plan: { members: 64, workers: 28, capacityPerYear: "120.000 hộp", revenueLastYearVnd: 2_300_000_000, salesChannels: "Siêu thị, sàn TMĐT, OCOP Trace", threeYearPlan: "Đạt 4 sao, đưa sản phẩm vào chuỗi siêu thị toàn quốc" },
  },
  {
    number: "HS-2026-0005",
    product: "gao-lut-bao-thai",
    productSet: "food.grain",
    kind: "upgrade",
    status: "submitted",
    self: 0.74,
    members: {},
    idea: { productName: "Gạo lứt Bao Thai", rawMaterials: "Thóc Bao Thai", rawMaterialSource: "Cánh đồng lớn Định Hóa", productionScale: "40 tấn/năm", targetMarket: "Hà Nội, TP. Hồ Chí Minh", distinctiveness: "Giống Bao Thai địa phương, xay giữ cám" },
    plan: { members: 52, workers: 12, capacityPerYear: "40 tấn", revenueLastYearVnd: 960_000_000, salesChannels: "Cửa hàng thực phẩm sạch, OCOP Trace", threeYearPlan: "Công bố tiêu chuẩn cơ sở, mở rộng kênh siêu thị" },
  },
];

export interface SeededRounds {
  rounds: number;
  applications: number;
  certificates: number;
}

/** Seeds both rounds once (a round named as here already present: nothing is done). */
export async function seedDemoOcopRounds(tx: Database, productIds: ReadonlyMap<string, string>): Promise<SeededRounds> {
  const none = { rounds: 0, applications: 0, certificates: 0 };
  const [department] = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, DEMO_DEPARTMENT));
  if (!department) return none;
  const [already] = await tx.select({ id: ocopRounds.id }).from(ocopRounds).where(and(eq(ocopRounds.departmentId, department.id), eq(ocopRounds.isDemo, true))).limit(1);
  if (already) return none;
  const people = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(
      inArray(
        users.email,
        DEMO_COUNCIL.map((m) => m.email),
      ),
    );
  const userOf = new Map(people.map((p) => [p.email, p.id]));
  if (DEMO_COUNCIL.some((m) => !userOf.has(m.email))) return none;
  const secretaryId = userOf.get(DEMO_SECRETARY)!;
  const [officer] = await tx
    .select({ organisationId: memberships.organisationId, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, secretaryId), eq(memberships.organisationId, department.id)));
  if (!officer) return none;

  const sheets = new Map<string, { id: string; sheet: CriteriaSheet }>();
  for (const code of new Set([...round1, ...round2].map((a) => a.productSet))) {
    const version = await currentPublishedSheet(tx, code);
    if (!version) return none;
    sheets.set(code, { id: version.id, sheet: version.sheet });
  }
  const productRows = await tx
    .select({ id: products.id, slug: products.slug, organisationId: products.organisationId })
    .from(products)
    .where(inArray(products.id, [...productIds.values()]));
  const productOf = new Map(productRows.map((p) => [p.slug, p]));
  if ([...round1, ...round2].some((a) => !productOf.has(a.product))) return none;

  const insertRound = async (name: string, status: "closed" | "scoring", meetingOn: string, createdAt: string, closedAt: string | null) => {
    const [row] = await tx
      .insert(ocopRounds)
      .values({ departmentId: department.id, name, year: 2026, status, meetingOn, createdBy: secretaryId, createdAt: at(createdAt), closedAt: closedAt ? at(closedAt) : null, isDemo: true })
      .returning({ id: ocopRounds.id });
    for (const m of DEMO_COUNCIL) {
      await tx.insert(ocopCouncilMembers).values({ roundId: row!.id, userId: userOf.get(m.email)!, role: m.role, title: m.title, addedBy: secretaryId, addedAt: at(createdAt) });
    }
    return row!.id;
  };

  const insertApplication = async (a: DemoApplication, roundId: string, status: (typeof ocopApplications.$inferInsert)["status"], history: Array<[string | null, string, string, string | null]>) => {
    const product = productOf.get(a.product)!;
    const { id: sheetId, sheet } = sheets.get(a.productSet)!;
    const [row] = await tx
      .insert(ocopApplications)
      .values({
        number: a.number,
        organisationId: product.organisationId,
        productId: product.id,
        sheetId,
        roundId,
        kind: a.kind,
        status,
        productIdea: a.idea,
        businessPlan: a.plan,
        createdAt: at(history[0]![2]),
        updatedAt: at(history.at(-1)![2]),
        submittedAt: at(history[1]![2]),
        isDemo: true,
      })
      .returning({ id: ocopApplications.id });
    const applicationId = row!.id;
    for (const [from, to, when, note] of history) {
      await tx.insert(ocopApplicationEvents).values({ applicationId, fromStatus: from as never, toStatus: to as never, note, at: at(when) });
    }
    await tx.insert(ocopSelfScores).values(closestOption(sheet, a.self).map((s) => ({ applicationId, ...s, updatedAt: at(history[0]![2]) })));
    for (const [email, scoring] of Object.entries(a.members)) {
      if (!scoring) continue;
      const userId = userOf.get(email)!;
      const chosen = closestOption(sheet, scoring.ratio);
      // A draft scores only the first part: the member has not finished.
      const rows = scoring.draft ? chosen.filter((c) => c.criterionCode.startsWith("A")) : chosen;
      await tx.insert(ocopCouncilScores).values(rows.map((s) => ({ applicationId, userId, ...s, comment: null })));
      if (!scoring.draft) await tx.insert(ocopScoreSubmissions).values({ applicationId, userId, total: totals(sheet, chosen).total });
    }
    return { applicationId, sheet };
  };

  // Round 1: closed, decided, certificates issued.
  const r1 = await insertRound("Đợt 1 năm 2026", "closed", "2026-06-10", "2026-04-01T02:00:00Z", "2026-06-26T09:00:00Z");
  const decided: Array<{ applicationId: string; score: number; stars: number | null; proposedFiveStars: boolean }> = [];
  for (const a of round1) {
    const { applicationId, sheet } = await insertApplication(a, r1, "decided", [
      [null, "draft", "2026-04-03T02:00:00Z", null],
      ["draft", "submitted", "2026-04-20T02:00:00Z", null],
      ["submitted", "under_evaluation", "2026-05-05T02:00:00Z", null],
      ["under_evaluation", "decided", "2026-06-25T09:00:00Z", null],
    ]);
    const memberTotals = Object.values(a.members).map((m) => totals(sheet, closestOption(sheet, m!.ratio)).total);
    const score = councilMean(memberTotals)!;
    const result = provinceResult(score);
    decided.push({ applicationId, score, stars: result.stars, proposedFiveStars: result.proposedFiveStars });
  }
  const [decision] = await tx
    .insert(ocopDecisions)
    .values({ departmentId: department.id, roundId: r1, level: "province", number: "1520/QĐ-UBND", signedOn: "2026-06-25", signerName: "Nguyễn Thanh Bình", signerTitle: "Phó Chủ tịch UBND tỉnh Thái Nguyên", createdBy: secretaryId, createdAt: at("2026-06-25T09:00:00Z"), isDemo: true })
    .returning({ id: ocopDecisions.id });
  await tx.insert(ocopDecisionItems).values(decided.map((d) => ({ decisionId: decision!.id, ...d })));
  const issued = await issueCertificates(tx, { userId: secretaryId, memberships: [{ organisationId: department.id, role: officer.role }] }, { decisionId: decision!.id, now: at("2026-06-26T02:00:00Z") });
  if (!issued.ok) throw new Error(`demo certificates not issued: ${issued.reason}`);

  // Round 2: in scoring.
  const r2 = await insertRound("Đợt 2 năm 2026", "scoring", "2026-12-10", "2026-10-01T02:00:00Z", null);
  const tanCuong = productOf.get("tra-xanh-tan-cuong-tui-loc")!.organisationId;
  await tx.insert(ocopConflicts).values({ roundId: r2, userId: userOf.get(DEMO_CONFLICTED_MEMBER)!, organisationId: tanCuong, note: "Người thân là thành viên hợp tác xã", declaredAt: at("2026-11-02T02:00:00Z") });
  for (const a of round2) {
    const history: Array<[string | null, string, string, string | null]> = [
      [null, "draft", "2026-10-05T02:00:00Z", null],
      ["draft", "submitted", "2026-10-20T02:00:00Z", null],
    ];
    if (a.status === "under_evaluation") history.push(["submitted", "under_evaluation", "2026-11-01T02:00:00Z", null]);
    await insertApplication(a, r2, a.status, history);
  }
  return { rounds: 2, applications: round1.length + round2.length, certificates: issued.certificates.length };
}
