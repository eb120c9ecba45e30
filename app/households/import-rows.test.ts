import { describe, expect, it } from "vitest";
import { readSpreadsheet } from "./import-file";
import { csvText, encodeWindows1258, householdHeader, paymentHeader, supplyHeader, utf8, xlsxFile } from "../../tests/setup/household-import-fixtures";
import { checkImport, mapColumns, type CheckedRow, type ImportContext, type ImportKind } from "./import-rows";

const HH1 = "11111111-1111-4111-8111-111111111111";
const LEAF = "22222222-2222-4222-8222-222222222222";
const LOT = "33333333-3333-4333-8333-333333333333";

const ctx: ImportContext = {
  today: "2026-11-25",
  communes: [
    { id: 7, nameVi: "Tân Cương" },
    { id: 8, nameVi: "Phan Đình Phùng" },
  ],
  households: [
    {
      id: HH1,
      code: "TC-001",
      headName: "Nguyễn Thị Hoà",
      headSex: "female",
      memberCount: 4,
      ethnicityCode: "01",
      communeId: 7,
      village: "Xóm Hồng Thái 2",
      joinedOn: "2020-01-15",
      leftOn: null,
      baselineYear: 2020,
      baselineIncomeVnd: 18_000_000,
    },
  ],
  rawProducts: [{ id: LEAF, nameVi: "Chè búp tươi Tân Cương", nameEn: "Fresh tea shoots, Tan Cuong", slug: "che-bup-tuoi-tan-cuong" }],
  lots: [{ id: LOT, productId: LEAF, lotCode: "L-OPEN", uom: "KGM", status: "active" }],
  supplies: [{ reference: "PN-001", householdId: HH1, batchId: LOT, quantity: "12.500", uom: "KGM", suppliedOn: "2026-11-01", pricePaidVnd: 250_000 }],
  payments: [{ reference: "PC-001", householdId: HH1, kind: "wage", paidOn: "2026-10-01", amountVnd: 1_000_000, note: null }],
};

function check(kind: ImportKind, bytes: Uint8Array) {
  const sheet = readSpreadsheet(bytes);
  if (!sheet.ok) throw new Error(sheet.reason);
  const result = checkImport(kind, sheet, ctx);
  if (!result.ok) throw new Error(result.key);
  return result;
}

const errorsOf = (row: CheckedRow | undefined) => (row && !row.ok ? row.errors.map((e) => `${e.field}:${e.key}`) : []);

const hhRow = (code: string, over: Partial<Record<number, string>> = {}) => {
  const base = [code, "Nguyễn Thị Hoà", "Nữ", "4", "Kinh", "Tân Cương", "Xóm Hồng Thái 2", "15/01/2020", "2020", "18.000.000"];
  return base.map((v, i) => over[i] ?? v);
};

describe("checking imported households", () => {
  it("matches headings in Vietnamese or English, any case or diacritics, and names the missing ones", () => {
    expect(mapColumns("households", ["MA HO", "ho ten chu ho", "Sex", "Members", "Dân tộc", "Commune", "Joined on"]).ok).toBe(true);
    const missing = mapColumns("supplies", ["Số phiếu", "Mã hộ"]);
    expect(missing.ok).toBe(false);
    const sheet = readSpreadsheet(utf8(csvText([["Mã hộ", "Họ tên"], ["A", "B"]])));
    if (!sheet.ok) throw new Error();
    const result = checkImport("households", sheet, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.key).toBe("hh.import.error.missingColumns");
  });

  it("classifies rows as new, unchanged or update against what is recorded", () => {
    const result = check("households", utf8(csvText([householdHeader, hhRow("TC-001"), hhRow("TC-002"), hhRow("TC-003", { 3: "5" }).map((v, i) => (i === 0 ? "TC-001x" : v))])));
    expect(result.rows.map((r) => (r.ok ? r.outcome : "error"))).toEqual(["unchanged", "new", "new"]);
    const changed = check("households", utf8(csvText([householdHeader, hhRow("TC-001", { 3: "5" })])));
    expect(changed.rows[0]!.ok && changed.rows[0]!.outcome).toBe("update");
  });

  it("reads the same households from a Windows-1258 file as from UTF-8", () => {
    const rows = [householdHeader, hhRow("TC-001"), hhRow("TC-009", { 4: "Sán Dìu", 1: "Đặng Thị Huyền" })];
    const a = check("households", encodeWindows1258(csvText(rows)));
    const b = check("households", utf8(csvText(rows), true));
    expect(a.rows).toEqual(b.rows);
    expect(a.rows.map((r) => (r.ok ? r.outcome : errorsOf(r)))).toEqual(["unchanged", "new"]);
  });

  it("rejects each bad row with its reason: duplicate codes, unknown commune, ethnicity, sex, dates, negative income", () => {
    const result = check(
      "households",
      utf8(
        csvText([
          householdHeader,
          hhRow("TC-010"),
          hhRow("TC-010", { 1: "Người khác" }),
          hhRow("TC-011", { 5: "Xã Không Có" }),
          hhRow("TC-012", { 4: "Sao Hỏa" }),
          hhRow("TC-013", { 2: "khác" }),
          hhRow("TC-014", { 7: "31/02/2020" }),
          hhRow("TC-015", { 9: "-5.000.000" }),
          hhRow("TC 016"),
          hhRow("TC-017", { 5: "xã tân cương", 4: "tay", 7: "2020-01-15" }),
        ]),
      ),
    );
    expect(result.valid).toBe(2);
    expect(result.invalid).toBe(7);
    const [ok, dup, commune, eth, sex, date, negative, code, folded] = result.rows;
    expect(ok!.ok).toBe(true);
    expect(errorsOf(dup)).toEqual(["code:hh.import.error.duplicateInFile"]);
    expect(dup!.ok === false && dup!.errors[0]!.vars).toEqual({ row: 2 });
    expect(errorsOf(commune)).toEqual(["commune:hh.import.error.unknownCommune"]);
    expect(commune!.ok === false && commune!.errors[0]!.vars).toEqual({ value: "Xã Không Có" });
    expect(errorsOf(eth)).toEqual(["ethnicity:hh.import.error.unknownEthnicity"]);
    expect(errorsOf(sex)).toEqual(["headSex:hh.import.error.unknownSex"]);
    expect(errorsOf(date)).toEqual(["joinedOn:hh.import.error.date"]);
    expect(errorsOf(negative)).toEqual(["baselineIncomeVnd:hh.error.negativeAmount"]);
    expect(errorsOf(code)).toEqual(["code:hh.error.code"]);
    expect(folded!.ok).toBe(true);
  });

  it("rejects rows under merged cells in an XLSX and reads Excel date serials", () => {
    const header = householdHeader;
    const result = check(
      "households",
      xlsxFile(
        [
          header,
          ["TC-020", "Lò Văn A", "Nam", 3, "Thái", "Tân Cương", null, new Date(Date.UTC(2021, 4, 2)), null, null],
          ["TC-021", "Lò Văn B", "Nam", 3, "Thái", "Tân Cương", null, 44318, null, null],
          ["TC-022", "Lò Văn C", "Nam", 3, "Thái", null, null, "02/05/2021", null, null],
        ],
        ["F3:F4"],
      ),
    );
    expect(result.rows.map((r) => r.ok)).toEqual([true, false, false]);
    expect(result.rows[0]!.display[7]).toBe("2021-05-02");
    expect(errorsOf(result.rows[1])).toEqual(["_row:hh.import.error.mergedCells"]);
  });
});

describe("checking imported deliveries and payments", () => {
  const supply = (ref: string, over: Partial<Record<number, string>> = {}) =>
    [ref, "TC-001", "Chè búp tươi Tân Cương", "L-NEW", "10,5", "kg", "20/11/2026", "200.000"].map((v, i) => over[i] ?? v);

  it("accepts deliveries into a new or open lot and recognises one already recorded", () => {
    const result = check(
      "supplies",
      utf8(csvText([supplyHeader, supply("PN-001", { 3: "L-OPEN", 4: "12.5", 6: "2026-11-01", 7: "250000" }), supply("PN-002"), supply("PN-003", { 2: "che-bup-tuoi-tan-cuong" })])),
    );
    expect(result.rows.map((r) => (r.ok ? r.outcome : errorsOf(r)))).toEqual(["unchanged", "new", "new"]);
    const second = result.rows[1]!;
    expect(second.ok && second.value.kind === "supplies" && second.value.input.quantity).toBe("10.5");
  });

  it("rejects negative quantities and amounts, unknown households and products, future dates, changed references", () => {
    const result = check(
      "supplies",
      utf8(
        csvText([
          supplyHeader,
          supply("PN-010", { 4: "-3" }),
          supply("PN-011", { 7: "-200000" }),
          supply("PN-012", { 1: "TC-999" }),
          supply("PN-013", { 2: "Cà phê" }),
          supply("PN-014", { 6: "01/01/2027" }),
          supply("PN-001"),
          supply("PN-015", { 5: "thùng" }),
          supply("PN-016", { 6: "01/01/2019" }),
          supply("PN-017", { 5: "tấn" }),
        ]),
      ),
    );
    expect(result.rows.map(errorsOf)).toEqual([
      ["quantity:hh.error.negativeQuantity"],
      ["pricePaidVnd:hh.error.negativeAmount"],
      ["householdCode:hh.import.error.unknownHousehold"],
      ["product:hh.import.error.unknownProduct"],
      ["suppliedOn:hh.error.future"],
      ["reference:hh.error.referenceTaken"],
      ["uom:hh.import.error.unknownUom"],
      ["suppliedOn:hh.error.notMember"],
      [],
    ]);
    // PN-017 starts lot L-NEW in tonnes although no earlier valid row did: it is valid on its own.
    expect(result.rows[8]!.ok).toBe(true);
  });

  it("refuses two rows feeding one new lot in different units", () => {
    const result = check("supplies", utf8(csvText([supplyHeader, supply("PN-020"), supply("PN-021", { 5: "tấn" })])));
    expect(result.rows.map(errorsOf)).toEqual([[], ["uom:hh.error.uomMismatch"]]);
  });

  it("checks payments: kinds in Vietnamese, amounts, idempotent references", () => {
    const result = check(
      "payments",
      utf8(
        csvText([
          paymentHeader,
          ["PC-001", "TC-001", "Tiền công", "01/10/2026", "1.000.000", ""],
          ["PC-002", "TC-001", "Chia lãi", "45962", "2.500.000", "Chia lãi vụ xuân"],
          ["PC-003", "TC-001", "Thưởng", "01/10/2026", "100000", ""],
          ["PC-004", "TC-001", "Thu mua", "01/10/2026", "-100000", ""],
          ["PC-005", "TC-001", "Thu mua", "01/10/2026", "0", ""],
          ["PC-001", "TC-001", "Tiền công", "01/10/2026", "1.000.000", ""],
        ]),
      ),
    );
    expect(result.rows.map((r) => (r.ok ? r.outcome : errorsOf(r)))).toEqual([
      "unchanged",
      "new",
      ["kind:hh.import.error.unknownKind"],
      ["amountVnd:hh.error.negativeAmount"],
      ["amountVnd:hh.error.amountPositive"],
      ["reference:hh.import.error.duplicateInFile"],
    ]);
    const second = result.rows[1]!;
    expect(second.ok && second.value.kind === "payments" && second.value.input.paidOn).toBe("2025-11-01");
  });
});
