import { describe, expect, it } from "vitest";
import { accountedPercent, dispositionFor, dispositionFormSchema, lotStatusFor, mayOpenRecall, minutesToConfirm, openRecallFormSchema, recallNumber, recallToJoin } from "./rules";

describe("recall rules", () => {
  it("a serious or moderate severity recalls the lots, a minor one withdraws them, with the CBV disposition to match", () => {
    expect([lotStatusFor("serious"), lotStatusFor("moderate"), lotStatusFor("minor")]).toEqual(["recalled", "recalled", "withdrawn"]);
    expect([dispositionFor("serious"), dispositionFor("minor")]).toEqual(["recalled", "non_sellable_other"]);
  });

  it("a manager opens for the cooperative's own lots, staff may not, another cooperative's lot is unknown, the department opens for any", () => {
    expect(mayOpenRecall({ kind: "cooperative", organisationId: "a", role: "cooperative_manager" }, "a")).toEqual({ ok: true });
    expect(mayOpenRecall({ kind: "cooperative", organisationId: "a", role: "cooperative_staff" }, "a")).toEqual({ ok: false, reason: "forbidden" });
    expect(mayOpenRecall({ kind: "cooperative", organisationId: "a", role: "cooperative_manager" }, "b")).toEqual({ ok: false, reason: "lot_not_found" });
    expect(mayOpenRecall({ kind: "department", organisationId: "d" }, "b")).toEqual({ ok: true });
  });

  it("a lot in several open recalls joins the oldest; closed recalls are never joined", () => {
    const at = (iso: string) => new Date(iso);
    expect(recallToJoin([])).toBeNull();
    expect(recallToJoin([{ id: "closed", status: "closed", openedAt: at("2026-01-01T00:00:00Z") }])).toBeNull();
    expect(
      recallToJoin([
        { id: "newer", status: "draft", openedAt: at("2026-03-01T00:00:00Z") },
        { id: "older", status: "confirmed", openedAt: at("2026-02-01T00:00:00Z") },
        { id: "closed", status: "closed", openedAt: at("2026-01-01T00:00:00Z") },
      ])?.id,
    ).toBe("older");
  });

  it("numbers, the time to confirm and the share accounted for", () => {
    expect(recallNumber(2026, 7)).toBe("TH-2026-0007");
    expect(recallNumber(2026, 12345)).toBe("TH-2026-12345");
    expect(minutesToConfirm(new Date("2026-11-25T03:00:00Z"), null)).toBeNull();
    expect(minutesToConfirm(new Date("2026-11-25T03:00:00Z"), new Date("2026-11-25T03:07:29Z"))).toBe(7);
    expect(accountedPercent({ unitsSold: 0, unitsReturned: 0, unitsDestroyed: 0 })).toBeNull();
    expect(accountedPercent({ unitsSold: 3, unitsReturned: 2, unitsDestroyed: 0 })).toBe(67);
    expect(accountedPercent({ unitsSold: 3, unitsReturned: 5, unitsDestroyed: 0 })).toBe(100);
  });

  it("the forms refuse what cannot be right, with the message keys shown by the fields", () => {
    const bad = openRecallFormSchema.safeParse({ reason: "luck", severity: "huge", messageVi: "ngắn", messageEn: "" });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => `${i.path.join(".")}:${i.message}`);
    expect(paths).toEqual(expect.arrayContaining(["reason:validation.choice", "severity:validation.choice", "messageVi:validation.tooShort", "messageEn:validation.required"]));
    expect(dispositionFormSchema.safeParse({ batchId: "00000000-0000-0000-0000-000000000001", kind: "returned", units: "-2" }).error?.issues[0]?.message).toBe("recall.v.units");
    expect(dispositionFormSchema.parse({ batchId: "00000000-0000-0000-0000-00000000000A", kind: "destroyed", units: " 12 " })).toEqual({
      batchId: "00000000-0000-0000-0000-00000000000a",
      kind: "destroyed",
      units: 12,
      note: null,
    });
  });
});
