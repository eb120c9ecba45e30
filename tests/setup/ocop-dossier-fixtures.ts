/**
 * A cooperative ready to apply for OCOP in database tests: a manager, a member of staff, a listed tea product with
 * lots, and a published test sheet (tests/setup/ocop-fixtures.ts).
 */
import { randomBytes } from "node:crypto";
import type { Database } from "#db/client.server";
import { memberships, organisations, users } from "#db/schema";
import type { DossierViewer } from "~/ocop/application-access.server";
import { createCooperative, createListedProduct } from "./checkout-fixtures";
import { insertTestSheet } from "./ocop-fixtures";

const suffix = () => randomBytes(3).toString("hex");

export async function createUser(db: Database, organisationId: string, role: "cooperative_manager" | "cooperative_staff" | "department_officer"): Promise<string> {
  const [u] = await db.insert(users).values({ email: `${role}-${suffix()}@example.vn`, displayName: `${role} ${suffix()}`, locale: "vi" }).returning({ id: users.id });
  await db.insert(memberships).values({ userId: u!.id, organisationId, role });
  return u!.id;
}

export async function createDepartment(db: Database): Promise<{ departmentId: string; officer: string; who: DossierViewer }> {
  const [dept] = await db.insert(organisations).values({ slug: `so-nn-${suffix()}`, kind: "department", status: "active", name: "Sở Nông nghiệp thử" }).returning({ id: organisations.id });
  const officer = await createUser(db, dept!.id, "department_officer");
  return { departmentId: dept!.id, officer, who: { kind: "department", userId: officer } };
}

export interface ApplyingCooperative {
  coop: string;
  manager: string;
  staff: string;
  productId: string;
  batchIds: string[];
  productSetCode: string;
  sheetId: string;
  asManager: DossierViewer;
  asStaff: DossierViewer;
  actor: { userId: string; organisationId: string };
}

export async function applyingCooperative(db: Database, options: { lots?: number; productSetCode?: string; producedOn?: string } = {}): Promise<ApplyingCooperative> {
  const coop = await createCooperative(db, `HTX Chè ${suffix()}`);
  const manager = await createUser(db, coop, "cooperative_manager");
  const staff = await createUser(db, coop, "cooperative_staff");
  const product = await createListedProduct(db, {
    organisationId: coop,
    priceVnd: 100_000,
    batches: Array.from({ length: options.lots ?? 2 }, () => ({ units: 50, producedOn: options.producedOn ?? "2026-03-01" })),
    name: `Chè móc câu ${suffix()}`,
  });
  const sheet = options.productSetCode ? { productSetCode: options.productSetCode, sheetId: "" } : await insertTestSheet(db);
  return {
    coop,
    manager,
    staff,
    productId: product.productId,
    batchIds: product.batchIds,
    productSetCode: sheet.productSetCode,
    sheetId: sheet.sheetId,
    asManager: { kind: "cooperative", userId: manager, organisationId: coop, role: "cooperative_manager" },
    asStaff: { kind: "cooperative", userId: staff, organisationId: coop, role: "cooperative_staff" },
    actor: { userId: manager, organisationId: coop },
  };
}

export const validProductIdea = {
  productName: "Chè móc câu Tân Cương",
  rawMaterials: "Búp chè Trung du một tôm hai lá",
  rawMaterialSource: "Vùng chè 30 ha của các hộ thành viên, xã Tân Cương",
  productionScale: "20 tấn chè khô mỗi năm",
  targetMarket: "Hà Nội, Thành phố Hồ Chí Minh, khách du lịch",
  distinctiveness: "Chè sao suốt thủ công, nước xanh, vị chát dịu, hậu ngọt",
};

export const validBusinessPlan = {
  members: "42",
  workers: "60",
  capacityPerYear: "20 tấn",
  revenueLastYearVnd: "3.200.000.000",
  salesChannels: "Cửa hàng giới thiệu sản phẩm, sàn OCOP Trace, siêu thị",
  investmentPlan: "",
  threeYearPlan: "Mở rộng vùng nguyên liệu, đạt 4 sao, xuất khẩu thử",
};
