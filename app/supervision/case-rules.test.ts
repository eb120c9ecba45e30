import { describe, expect, it } from "vitest";
import { availableCaseActions, decideCaseStep } from "./case-rules";

describe("case workflow rules", () => {
  it("moves a case received → assigned → answered → closed", () => {
    expect(decideCaseStep("department", "assign", "received")).toEqual({ ok: true, to: "assigned" });
    expect(decideCaseStep("assignee", "answer", "assigned")).toEqual({ ok: true, to: "answered" });
    expect(decideCaseStep("supervisor", "close", "answered")).toEqual({ ok: true, to: "closed" });
    expect(decideCaseStep("department", "close", "answered")).toEqual({ ok: true, to: "closed" });
  });

  it("lets the department and supervisors escalate, and the department take an escalated case back", () => {
    expect(decideCaseStep("supervisor", "escalate", "answered")).toEqual({ ok: true, to: "escalated" });
    expect(decideCaseStep("department", "escalate", "received")).toEqual({ ok: true, to: "escalated" });
    expect(decideCaseStep("department", "assign", "escalated")).toEqual({ ok: true, to: "assigned" });
    expect(decideCaseStep("department", "answer", "escalated")).toEqual({ ok: true, to: "answered" });
  });

  it("never lets a supervisor assign or answer", () => {
    for (const status of ["received", "assigned", "answered", "escalated", "closed"] as const) {
      expect(decideCaseStep("supervisor", "assign", status)).toEqual({ ok: false, reason: "not_allowed" });
      expect(decideCaseStep("supervisor", "answer", status)).toEqual({ ok: false, reason: "not_allowed" });
    }
  });

  it("keeps the cooperative to answering and commenting its assigned cases", () => {
    expect(decideCaseStep("assignee", "assign", "assigned")).toEqual({ ok: false, reason: "not_allowed" });
    expect(decideCaseStep("assignee", "close", "answered")).toEqual({ ok: false, reason: "not_allowed" });
    expect(decideCaseStep("assignee", "escalate", "assigned")).toEqual({ ok: false, reason: "not_allowed" });
    // An escalated case is back with the department.
    expect(decideCaseStep("assignee", "answer", "escalated")).toEqual({ ok: false, reason: "wrong_status" });
    expect(availableCaseActions("assignee", "assigned")).toEqual(["answer", "comment"]);
  });

  it("refuses steps from the wrong status", () => {
    expect(decideCaseStep("department", "close", "received")).toEqual({ ok: false, reason: "wrong_status" });
    expect(decideCaseStep("department", "assign", "closed")).toEqual({ ok: false, reason: "wrong_status" });
    expect(decideCaseStep("supervisor", "escalate", "closed")).toEqual({ ok: false, reason: "wrong_status" });
    expect(decideCaseStep("department", "answer", "answered")).toEqual({ ok: false, reason: "wrong_status" });
    // A closed case still takes comments, nothing else.
    expect(availableCaseActions("department", "closed")).toEqual(["comment"]);
    expect(availableCaseActions("supervisor", "answered")).toEqual(["close", "escalate", "comment"]);
  });
});
