/** The case vocabulary shared by forms, pages and rules (safe in the browser; the database enums match). */
export const caseStatuses = ["received", "assigned", "answered", "closed", "escalated"] as const;
export type CaseStatus = (typeof caseStatuses)[number];
export const reportKinds = ["counterfeit", "quality", "wrong_information", "programme_support"] as const;
export type ReportKind = (typeof reportKinds)[number];
export const assigneeKinds = ["cooperative", "officer", "commune"] as const;
export type AssigneeKind = (typeof assigneeKinds)[number];
