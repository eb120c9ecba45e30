// Messages of the department's OCOP dashboard: applications by stage, results, expiring certificates, stars over time.
export const vi = {
  "ocopd.title": "OCOP",
} as const;

export const en: Record<keyof typeof vi, string> = {
  "ocopd.title": "OCOP",
};
