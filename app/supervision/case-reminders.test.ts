import { describe, expect, it } from "vitest";
import { dueCaseReminder } from "./case-reminders";

// 2026-06-12 is a Friday.
describe("dueCaseReminder", () => {
  it("reminds two working days before the due date, counting over a weekend", () => {
    expect(dueCaseReminder("assigned", "2026-06-12", "2026-06-09")).toBeNull();
    expect(dueCaseReminder("assigned", "2026-06-12", "2026-06-10")).toBe("before_due");
    expect(dueCaseReminder("assigned", "2026-06-12", "2026-06-12")).toBe("before_due");
    // Due on a Monday: Wednesday is three working days before (Thursday, Friday, Monday), Thursday two.
    expect(dueCaseReminder("received", "2026-06-15", "2026-06-10")).toBeNull();
    expect(dueCaseReminder("received", "2026-06-15", "2026-06-11")).toBe("before_due");
    expect(dueCaseReminder("received", "2026-06-15", "2026-06-13")).toBe("before_due");
  });

  it("calls a case overdue from the day after its due date", () => {
    expect(dueCaseReminder("escalated", "2026-06-12", "2026-06-13")).toBe("overdue");
    expect(dueCaseReminder("assigned", "2026-06-12", "2027-01-01")).toBe("overdue");
  });

  it("leaves answered and closed cases alone", () => {
    expect(dueCaseReminder("answered", "2026-06-12", "2026-06-11")).toBeNull();
    expect(dueCaseReminder("closed", "2026-06-12", "2026-06-20")).toBeNull();
  });
});
