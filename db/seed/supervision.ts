/**
 * Demo data of the supervision context: the province's Fatherland Front committee (whose demo account supervises
 * cases) and a few citizens' cases in every state. Idempotent: the organisation is matched on its slug, and the
 * cases are written only when no demo case exists yet.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { batches, citizenCases, citizenCaseSteps, memberships, organisations, products, users } from "#db/schema";
import { caseDueOn } from "~/supervision/working-days";
import { vietnamDate } from "~/lib/vietnam-time";

export const SUPERVISOR_ORGANISATION_SLUG = "uy-ban-mttq-tinh-thai-nguyen";

/** The supervising body; runs before the demo accounts, which need it for the supervisor's membership. */
export async function seedSupervisoryBody(tx: Database): Promise<void> {
  await tx
    .insert(organisations)
    .values({
      slug: SUPERVISOR_ORGANISATION_SLUG,
      kind: "supervisory_body",
      status: "active",
      name: "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thái Nguyên",
      nameEn: "Viet Nam Fatherland Front Committee of Thái Nguyên province",
      descriptionVi: "Giám sát việc thực hiện chương trình và trả lời phản ánh của người dân. (Dữ liệu minh hoạ)",
      descriptionEn: "Supervises the programme and the answers given to citizens' reports. (Demonstration data)",
      isDemo: true,
    })
    .onConflictDoNothing({ target: organisations.slug });
}

const DAY = 86_400_000;

/** A few cases: an answered-and-closed quality complaint, an assigned counterfeit report, a fresh one, an overdue one. */
export async function seedDemoCases(tx: Database, now: Date = new Date()): Promise<number> {
  const [existing] = await tx.select({ id: citizenCases.id }).from(citizenCases).where(eq(citizenCases.isDemo, true)).limit(1);
  if (existing) return 0;
  const [lot] = await tx
    .select({ batchId: batches.id, code: batches.shortCode, productId: batches.productId, organisationId: batches.organisationId, communeId: organisations.communeId })
    .from(batches)
    .innerJoin(products, eq(products.id, batches.productId))
    .innerJoin(organisations, eq(organisations.id, batches.organisationId))
    .where(and(eq(organisations.slug, "htx-che-tan-cuong-xanh"), eq(products.kind, "finished")))
    .limit(1);
  if (!lot) return 0;
  const [officer] = await tx
    .select({ userId: users.id, organisationId: memberships.organisationId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inArray(memberships.role, ["department_officer"]))
    .limit(1);
  const demo = [
    { ref: "PA-DEM0-0000-0001", kind: "quality" as const, daysAgo: 20, status: "closed" as const, description: "Gói chè mua tháng trước có mùi ẩm, lá vụn nhiều hơn bình thường.", answer: "Hợp tác xã đã kiểm tra lô hàng, đổi gói mới cho khách và tăng kiểm tra độ ẩm trước khi đóng gói. (Minh hoạ)" },
    { ref: "PA-DEM0-0000-0002", kind: "counterfeit" as const, daysAgo: 4, status: "assigned" as const, description: "Mã QR trên gói chè bán trên mạng xã hội mở ra trang khác với bao bì, giá rẻ bất thường.", answer: null },
    { ref: "PA-DEM0-0000-0003", kind: "wrong_information" as const, daysAgo: 1, status: "received" as const, description: "Trang sản phẩm ghi ngày thu hái chưa đúng với thông tin trên bao bì.", answer: null },
    { ref: "PA-DEM0-0000-0004", kind: "programme_support" as const, daysAgo: 15, status: "received" as const, description: "Xin làm rõ danh sách hộ được hỗ trợ giống chè năm nay trong xóm.", answer: null },
  ];
  for (const d of demo) {
    const receivedAt = new Date(now.getTime() - d.daysAgo * DAY);
    const dueOn = caseDueOn(vietnamDate(receivedAt));
    const assigned = d.status === "assigned" || d.status === "closed";
    const [row] = await tx
      .insert(citizenCases)
      .values({
        reference: d.ref,
        kind: d.kind,
        status: d.status,
        description: `${d.description} (Dữ liệu minh hoạ)`,
        code: d.kind === "counterfeit" ? lot.code : null,
        batchId: d.kind === "counterfeit" || d.kind === "quality" ? lot.batchId : null,
        productId: d.kind === "programme_support" ? null : lot.productId,
        subjectOrganisationId: lot.organisationId,
        placeBought: d.kind === "counterfeit" ? "Trang bán hàng trên mạng xã hội" : null,
        communeId: lot.communeId,
        receivedAt,
        dueOn,
        assigneeKind: assigned ? "cooperative" : null,
        assignedOrganisationId: assigned ? lot.organisationId : null,
        answer: d.answer,
        answeredAt: d.answer ? new Date(receivedAt.getTime() + 3 * DAY) : null,
        closedAt: d.status === "closed" ? new Date(receivedAt.getTime() + 5 * DAY) : null,
        isDemo: true,
        updatedAt: receivedAt,
      })
      .returning({ id: citizenCases.id });
    if (!row) continue;
    const steps: (typeof citizenCaseSteps.$inferInsert)[] = [{ caseId: row.id, at: receivedAt, step: "received" }];
    if (assigned) {
      steps.push({ caseId: row.id, at: new Date(receivedAt.getTime() + DAY), step: "assigned", actorUserId: officer?.userId, actorOrganisationId: officer?.organisationId, detail: { assigneeKind: "cooperative" } });
    }
    if (d.answer) steps.push({ caseId: row.id, at: new Date(receivedAt.getTime() + 3 * DAY), step: "answered", actorOrganisationId: lot.organisationId });
    if (d.status === "closed") steps.push({ caseId: row.id, at: new Date(receivedAt.getTime() + 5 * DAY), step: "closed", actorUserId: officer?.userId, actorOrganisationId: officer?.organisationId });
    await tx.insert(citizenCaseSteps).values(steps);
  }
  return demo.length;
}

