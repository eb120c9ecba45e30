/** Label choices shared by the labels page (browser) and labels.server.ts. Pure. */
export type LabelSize = "50x30" | "40x30";
export const LABEL_SIZES: readonly LabelSize[] = ["50x30", "40x30"];

/** The size asked for in a query string, or the default 50×30 mm. */
export function parseLabelSize(value: string | null | undefined): LabelSize {
  return (LABEL_SIZES as readonly string[]).includes(value ?? "") ? (value as LabelSize) : "50x30";
}
/** Thermal printers: command language and resolution (thermal.ts). */
export type ThermalLanguage = "zpl" | "tspl";
export const THERMAL_LANGUAGES: readonly ThermalLanguage[] = ["zpl", "tspl"];
export type ThermalDpi = 203 | 300;
export const THERMAL_DPIS: readonly ThermalDpi[] = [203, 300];

export function parseThermalLanguage(value: string | null | undefined): ThermalLanguage | null {
  return (THERMAL_LANGUAGES as readonly string[]).includes(value ?? "") ? (value as ThermalLanguage) : null;
}
export function parseThermalDpi(value: string | null | undefined): ThermalDpi {
  return value === "300" ? 300 : 203;
}

/** Largest run of serials issued at once (same as MAX_SERIALS_PER_RUN in gs1/serials.server.ts). */
export const MAX_UNITS_PER_RUN = 100_000;

/**
 * Labels carry the platform's voice (the origin page, its stars): only an organisation an administrator has
 * approved may download them; a pending or suspended one is refused.
 */
export function labelsDownloadable(organisationStatus: "pending" | "active" | "suspended"): boolean {
  return organisationStatus === "active";
}
