/**
 * Every dashboard table as plain data, built once on the server in the reader's language: the page
 * renders it and the CSV/XLSX exports write it, so what is downloaded is what is on the screen,
 * totals included. Numbers stay raw (VND as integers); only the page formats them.
 */
import { localized, type Locale, type MessageKey, type Translate } from "~/lib/i18n";
import type { MarketExpansion } from "./market.server";
import { OCOP_GROUPS, OCOP_STARS, type Overview } from "./overview.server";

export type CellValue = string | number | null;
/** How a column is shown: `vnd` integer money, `percent` 0–100 with one decimal, `month` YYYY-MM. */
export type ColumnKind = "text" | "number" | "vnd" | "percent" | "month" | "date";

export interface TableColumn {
  label: string;
  kind: ColumnKind;
}

export interface DataTable {
  id: string;
  title: string;
  columns: TableColumn[];
  rows: CellValue[][];
  /** The totals row, when the table has one (first cell is its label). */
  total: CellValue[] | null;
  /** Per row, a link for its first cell (the record behind it), or null. */
  links?: (string | null)[];
  /** A sentence saying how the figures were computed. */
  note?: string;
}

const sum = (rows: CellValue[][], col: number): number => rows.reduce((n, r) => n + (typeof r[col] === "number" ? (r[col] as number) : 0), 0);
const pct = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

export function overviewTables(o: Overview, t: Translate, locale: Locale): DataTable[] {
  const ocopRows: CellValue[][] = OCOP_GROUPS.map((group) => {
    const counts = OCOP_STARS.map((stars) => o.ocop.find((c) => c.group === group && c.stars === stars)?.products ?? 0);
    return [t(`ins.ocopGroup.${group}` as MessageKey), ...counts, counts.reduce((a, b) => a + b, 0)];
  });
  const share = pct(o.ocopEntitiesSelling, o.ocopEntities);
  return [
    {
      id: "summary",
      title: t("ins.overview.summary"),
      columns: [
        { label: t("ins.col.indicator"), kind: "text" },
        { label: t("ins.col.value"), kind: "number" },
      ],
      rows: [
        [t("ins.fig.cooperatives"), o.cooperatives],
        [t("ins.fig.producers"), o.producers],
        [t("ins.fig.ocopProducts"), o.ocopProducts],
        [t("ins.fig.expiring"), o.expiring.length],
        [t("ins.fig.expired"), o.expired],
        [t("ins.fig.batches"), o.batches],
        [t("ins.fig.scans"), o.scans],
        [t("ins.fig.salesValue"), o.salesValueVnd],
        [t("ins.fig.subOrders"), o.subOrders],
        [t("ins.fig.unitsSold"), o.unitsSold],
        [t("ins.fig.ocopEntities"), o.ocopEntities],
        [t("ins.fig.ocopEntitiesSelling"), o.ocopEntitiesSelling],
        [t("ins.fig.ecommerceShare"), share],
      ],
      total: null,
    },
    {
      id: "ocop",
      title: t("ins.overview.ocopTable"),
      columns: [
        { label: t("ins.col.ocopGroup"), kind: "text" },
        ...OCOP_STARS.map((s) => ({ label: t("ins.col.stars", { stars: s }), kind: "number" as const })),
        { label: t("ins.col.total"), kind: "number" },
      ],
      rows: ocopRows,
      total: [t("ins.col.total"), sum(ocopRows, 1), sum(ocopRows, 2), sum(ocopRows, 3), sum(ocopRows, 4)],
      note: t("ins.overview.ocopNote"),
    },
    {
      id: "expiring",
      title: t("ins.overview.expiringTable"),
      columns: [
        { label: t("ins.col.product"), kind: "text" },
        { label: t("ins.col.cooperative"), kind: "text" },
        { label: t("ins.col.starsShort"), kind: "number" },
        { label: t("ins.col.certificate"), kind: "text" },
        { label: t("ins.col.expiresOn"), kind: "date" },
      ],
      rows: o.expiring.map((e) => [localized(locale, e.nameVi, e.nameEn), e.organisationName, e.stars, e.certificateNumber, e.expiresOn]),
      links: o.expiring.map((e) => `/products/${e.slug}`),
      total: null,
    },
  ];
}

export function marketTables(m: MarketExpansion, t: Translate, locale: Locale): DataTable[] {
  const provinceName = (p: { nameVi: string; nameEn: string }) => localized(locale, p.nameVi, p.nameEn);
  const names = new Map(m.provinces.map((p) => [p.code, provinceName(p)]));
  const totalValue = m.provinces.reduce((n, p) => n + p.valueVnd, 0);
  const monthRows: CellValue[][] = m.months.map((x) => [x.month, x.subOrders, x.valueVnd, x.provinces]);
  const provinceRows: CellValue[][] = m.provinces.map((p) => [provinceName(p), p.subOrders, p.valueVnd, pct(p.valueVnd, totalValue), p.scans, p.firstMonth]);
  if (m.scansUnknownProvince > 0) provinceRows.push([t("ins.market.unknownProvince"), 0, 0, null, m.scansUnknownProvince, null]);
  const cellRows: CellValue[][] = m.provinceMonths.map((c) => [c.month, names.get(c.code) ?? c.code, c.subOrders, c.valueVnd]);
  const newRows: CellValue[][] = m.newProvinces.map((p) => [provinceName(p), p.firstMonth, p.subOrders, p.valueVnd]);
  const productRows: CellValue[][] = m.topProducts.map((p) => [localized(locale, p.nameVi, p.nameEn), p.organisationName, p.units, p.valueVnd]);
  const coopRows: CellValue[][] = m.topCooperatives.map((c) => [c.name, c.subOrders, c.valueVnd, c.provinces]);
  const reached = m.provinces.filter((p) => p.subOrders > 0).length;
  return [
    {
      id: "months",
      title: t("ins.market.monthsTable"),
      columns: [
        { label: t("ins.col.month"), kind: "month" },
        { label: t("ins.col.subOrders"), kind: "number" },
        { label: t("ins.col.value"), kind: "vnd" },
        { label: t("ins.col.provinces"), kind: "number" },
      ],
      rows: monthRows,
      total: [t("ins.col.total"), sum(monthRows, 1), sum(monthRows, 2), reached],
      note: t("ins.market.monthsNote"),
    },
    {
      id: "provinces",
      title: t("ins.market.provincesTable"),
      columns: [
        { label: t("ins.col.province"), kind: "text" },
        { label: t("ins.col.subOrders"), kind: "number" },
        { label: t("ins.col.value"), kind: "vnd" },
        { label: t("ins.col.share"), kind: "percent" },
        { label: t("ins.col.scans"), kind: "number" },
        { label: t("ins.col.firstMonth"), kind: "month" },
      ],
      rows: provinceRows,
      total: [t("ins.col.total"), sum(provinceRows, 1), sum(provinceRows, 2), totalValue > 0 ? 100 : null, sum(provinceRows, 4), null],
      note: t("ins.market.provincesNote"),
    },
    {
      id: "new-provinces",
      title: t("ins.market.newTable"),
      columns: [
        { label: t("ins.col.province"), kind: "text" },
        { label: t("ins.col.firstMonth"), kind: "month" },
        { label: t("ins.col.subOrders"), kind: "number" },
        { label: t("ins.col.value"), kind: "vnd" },
      ],
      rows: newRows,
      total: newRows.length > 0 ? [t("ins.col.total"), null, sum(newRows, 2), sum(newRows, 3)] : null,
    },
    {
      id: "top-products",
      title: t("ins.market.topProducts"),
      columns: [
        { label: t("ins.col.product"), kind: "text" },
        { label: t("ins.col.cooperative"), kind: "text" },
        { label: t("ins.col.units"), kind: "number" },
        { label: t("ins.col.value"), kind: "vnd" },
      ],
      rows: productRows,
      links: m.topProducts.map((p) => `/products/${p.slug}`),
      total: null,
    },
    {
      id: "top-cooperatives",
      title: t("ins.market.topCooperatives"),
      columns: [
        { label: t("ins.col.cooperative"), kind: "text" },
        { label: t("ins.col.subOrders"), kind: "number" },
        { label: t("ins.col.value"), kind: "vnd" },
        { label: t("ins.col.provinces"), kind: "number" },
      ],
      rows: coopRows,
      links: m.topCooperatives.map((c) => `/cooperatives/${c.slug}`),
      total: null,
    },
    {
      id: "buyers",
      title: t("ins.market.buyersTable"),
      columns: [
        { label: t("ins.col.buyers"), kind: "number" },
        { label: t("ins.col.repeatBuyers"), kind: "number" },
        { label: t("ins.col.repeatRate"), kind: "percent" },
      ],
      rows: [[m.buyers, m.repeatBuyers, pct(m.repeatBuyers, m.buyers)]],
      total: null,
      note: t("ins.market.buyersNote"),
    },
    {
      id: "province-months",
      title: t("ins.market.cellsTable"),
      columns: [
        { label: t("ins.col.month"), kind: "month" },
        { label: t("ins.col.province"), kind: "text" },
        { label: t("ins.col.subOrders"), kind: "number" },
        { label: t("ins.col.value"), kind: "vnd" },
      ],
      rows: cellRows,
      total: cellRows.length > 0 ? [t("ins.col.total"), null, sum(cellRows, 2), sum(cellRows, 3)] : null,
    },
  ];
}
