/**
 * Every dashboard table as plain data, built once on the server in the reader's language: the page
 * renders it and the CSV/XLSX exports write it, so what is downloaded is what is on the screen,
 * totals included. Numbers stay raw (VND as integers); only the page formats them.
 */
import { formatUom } from "~/lib/format";
import { localized, type Locale, type MessageKey, type Translate } from "~/lib/i18n";
import { MIN_HOUSEHOLDS, type Protection, type SuppressedTable } from "~/households/suppression";
import { statusRows, type StatusRow } from "./household-aggregates.server";
import type { MarketExpansion } from "./market.server";
import { BASELINE_YEAR, INCOME_RISE_PERCENT, INCOME_TARGET, MINORITY_POVERTY_TARGET_PERCENT, YEARLY_REDUCTION_TARGET_POINTS, type HouseholdTargets, type IncomeMultiple } from "./targets.server";
import { STEP_NONE, type ChainNode, type ChainStage, type ValueChain } from "./value-chain.server";
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
        { label: t("ins.col.figure"), kind: "number" },
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
      id: "awaiting-payment",
      title: t("ins.market.awaitingTable"),
      columns: [
        { label: t("ins.col.subOrders"), kind: "number" },
        { label: t("ins.col.value"), kind: "vnd" },
      ],
      rows: [[m.awaitingPayment.subOrders, m.awaitingPayment.valueVnd]],
      total: null,
      note: t("ins.market.awaitingNote"),
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

/** How a hidden household count reads on the page and in the downloads: under MIN_HOUSEHOLDS. */
export const SUPPRESSED = `< ${MIN_HOUSEHOLDS}`;
/** A count of MIN_HOUSEHOLDS or more hidden so that a small one cannot be worked out (decision 0016). */
export const PROTECTED = "x";
const shown = (v: number | null, why: Protection = "small"): CellValue => (v !== null ? v : why === "protected" ? PROTECTED : SUPPRESSED);

export const chainStageKeys: Record<ChainStage, MessageKey> = {
  supply: "ins.chain.stage.supply",
  processing: "ins.chain.stage.processing",
  market: "ins.chain.stage.market",
};

/** The label of a value-chain node in the reader's language. */
export function chainNodeLabel(node: ChainNode, t: Translate): string {
  if (node.kind === "hidden") return t("ins.chain.hiddenNode", { min: MIN_HOUSEHOLDS });
  if (node.kind === "step" && node.id === STEP_NONE) return t("ins.chain.noStep");
  if (node.kind === "commune") return t("ins.chain.communeNode", { commune: node.name });
  return node.name;
}

export function valueChainTables(c: ValueChain, t: Translate): DataTable[] {
  const names = new Map(c.nodes.map((n) => [n.id, chainNodeLabel(n, t)]));
  // Deliveries: one numeric column per unit of measure (kilograms first), the unit in the header, so a spreadsheet
  // can add them up.
  const uoms = [...new Set(c.links.flatMap((l) => (l.delivered ?? []).map((d) => d.uom)))].sort((a, b) =>
    a === b ? 0 : a === "KGM" ? -1 : b === "KGM" ? 1 : a.localeCompare(b),
  );
  const rows: CellValue[][] = c.links.map((l) => [
    t(chainStageKeys[l.stage]),
    names.get(l.source) ?? l.source,
    names.get(l.target) ?? l.target,
    l.stage === "supply" ? (l.source.startsWith("hidden:") ? null : shown(l.households)) : null,
    ...uoms.map((uom) => l.delivered?.find((d) => d.uom === uom)?.quantity ?? null),
    l.paidVnd,
    l.units,
    l.valueVnd,
  ]);
  const stageTotal = (stage: ChainStage) => c.links.filter((l) => l.stage === stage).reduce((n, l) => n + l.valueVnd, 0);
  return [
    {
      id: "flows",
      title: t("ins.chain.flowsTable"),
      columns: [
        { label: t("ins.col.stage"), kind: "text" },
        { label: t("ins.col.from"), kind: "text" },
        { label: t("ins.col.to"), kind: "text" },
        { label: t("ins.col.households"), kind: "number" },
        ...uoms.map((uom): TableColumn => ({ label: `${t("ins.col.delivered")} (${formatUom(uom, t("ins.col.units").toLowerCase())})`, kind: "number" })),
        { label: t("ins.col.paidToHouseholds"), kind: "vnd" },
        { label: t("ins.col.units"), kind: "number" },
        { label: t("ins.col.flowValue"), kind: "vnd" },
      ],
      rows,
      total: null,
      note: t("ins.chain.flowsNote", { min: MIN_HOUSEHOLDS }),
    },
    {
      id: "stages",
      title: t("ins.chain.stagesTable"),
      columns: [
        { label: t("ins.col.stage"), kind: "text" },
        { label: t("ins.col.flowValue"), kind: "vnd" },
      ],
      rows: (["supply", "processing", "market"] as const).map((s) => [t(chainStageKeys[s]), stageTotal(s)]),
      total: null,
      note: t("ins.chain.stagesNote"),
    },
  ];
}

export function householdTables(h: HouseholdTargets, t: Translate): DataTable[] {
  const statusName = (s: StatusRow) => t(`ins.hh.status.${s}` as MessageKey);
  const legend = t("ins.hh.legend", { min: MIN_HOUSEHOLDS });
  const cross = (id: string, title: string, note: string, rowNames: string[], colNames: string[], table: SuppressedTable): DataTable => ({
    id,
    title,
    columns: [{ label: t("ins.col.group"), kind: "text" }, ...colNames.map((label) => ({ label, kind: "number" as const })), { label: t("ins.col.total"), kind: "number" }],
    rows: table.cells.map((row, r) => [rowNames[r]!, ...row.map((v, c) => shown(v, table.why.cells[r]![c])), shown(table.rowTotals[r] ?? null, table.why.rowTotals[r])]),
    total: [t("ins.col.total"), ...table.colTotals.map((v, c) => shown(v, table.why.colTotals[c])), shown(table.total, table.why.total)],
    note: `${note} ${legend}`,
  });
  const a = h.aggregates;
  const sexes = [t("ins.hh.female"), t("ins.hh.male")];
  const ethnicities = [t("ins.hh.kinh"), t("ins.hh.minority")];
  const statuses = statusRows.map(statusName);
  const incomeRow = (label: string, m: IncomeMultiple): CellValue[] => [label, shown(m.households, m.why), m.baselineMeanVnd, m.currentMeanVnd, m.multiple];
  const mp = h.minorityPoverty;
  return [
    {
      id: "targets",
      title: t("ins.hh.targetsTable"),
      columns: [
        { label: t("ins.col.indicator"), kind: "text" },
        { label: t("ins.col.result"), kind: "number" },
        { label: t("ins.col.target"), kind: "text" },
      ],
      rows: [
        [t("ins.hh.fig.multiple", { year: h.year, baseline: BASELINE_YEAR }), h.income.all.multiple, t("ins.hh.target.multiple", { low: INCOME_TARGET.low, high: INCOME_TARGET.high })],
        [t("ins.hh.fig.minorityRate", { year: h.year }), mp.ratePercent, t("ins.hh.target.minorityRate", { target: MINORITY_POVERTY_TARGET_PERCENT })],
        [t("ins.hh.fig.reduction", { from: h.year - 1, to: h.year }), mp.reductionPoints, t("ins.hh.target.reduction", { target: YEARLY_REDUCTION_TARGET_POINTS })],
        [t("ins.hh.fig.overallRate", { year: h.year }), h.overallPoverty.years[1].ratePercent, t("ins.hh.noTarget")],
        [t("ins.hh.fig.overallReduction", { from: h.year - 1, to: h.year }), h.overallPoverty.reductionPoints, t("ins.hh.noTarget")],
      ],
      total: null,
      note: t("ins.hh.targetsNote", { min: MIN_HOUSEHOLDS }),
    },
    cross("status-sex", t("ins.hh.statusSexTable", { year: h.year }), t("ins.hh.statusNote"), statuses, sexes, a.statusBySex),
    cross("status-ethnicity", t("ins.hh.statusEthnicityTable", { year: h.year }), t("ins.hh.ethnicityNote"), statuses, ethnicities, a.statusByEthnicity),
    {
      id: "income",
      title: t("ins.hh.incomeTable", { year: h.year, baseline: BASELINE_YEAR }),
      columns: [
        { label: t("ins.col.group"), kind: "text" },
        { label: t("ins.col.households"), kind: "number" },
        { label: t("ins.col.baselineMean", { baseline: BASELINE_YEAR }), kind: "vnd" },
        { label: t("ins.col.currentMean", { year: h.year }), kind: "vnd" },
        { label: t("ins.col.multiple"), kind: "number" },
      ],
      rows: [incomeRow(t("ins.hh.allHouseholds"), h.income.all), incomeRow(ethnicities[0]!, h.income.kinh), incomeRow(ethnicities[1]!, h.income.minority)],
      total: null,
      note: `${t("ins.hh.incomeNote", { baseline: BASELINE_YEAR, min: MIN_HOUSEHOLDS, other: shown(h.otherBaselines, h.otherBaselinesWhy) ?? "" })} ${legend}`,
    },
    cross("growth-sex", t("ins.hh.growthSexTable", { percent: INCOME_RISE_PERCENT }), t("ins.hh.growthNote", { percent: INCOME_RISE_PERCENT }), sexes, [t("ins.hh.rose", { percent: INCOME_RISE_PERCENT }), t("ins.hh.notRose")], a.growthBySex),
    cross("growth-ethnicity", t("ins.hh.growthEthnicityTable", { percent: INCOME_RISE_PERCENT }), t("ins.hh.growthNote", { percent: INCOME_RISE_PERCENT }), ethnicities, [t("ins.hh.rose", { percent: INCOME_RISE_PERCENT }), t("ins.hh.notRose")], h.growthByEthnicity),
    cross(
      "transitions",
      t("ins.hh.transitionsTable", { from: h.year - 1, to: h.year }),
      t("ins.hh.transitionsNote", { from: h.year - 1, to: h.year }),
      statusRows.map((s) => t("ins.hh.statusWas", { status: statusName(s) })),
      statuses,
      h.transitions,
    ),
    {
      id: "minority-poverty",
      title: t("ins.hh.minorityTable"),
      columns: [{ label: t("ins.col.indicator"), kind: "text" }, ...mp.years.map((y) => ({ label: String(y.year), kind: "number" as const }))],
      rows: [
        [t("ins.hh.status.poor"), ...mp.years.map((y) => shown(y.poor, y.why.poor))],
        [t("ins.hh.notPoor"), ...mp.years.map((y) => shown(y.notPoor, y.why.notPoor))],
        [t("ins.hh.rateRow"), ...mp.years.map((y) => y.ratePercent)],
      ],
      total: null,
      note: `${t("ins.hh.minorityNote")} ${legend}`,
    },
    {
      id: "cooperatives",
      title: t("ins.hh.coopTable", { year: h.year }),
      columns: [
        { label: t("ins.col.cooperative"), kind: "text" },
        { label: t("ins.col.households"), kind: "number" },
        { label: t("ins.col.moneyReceived"), kind: "vnd" },
        { label: t("ins.col.attributedSales"), kind: "vnd" },
      ],
      rows: a.cooperatives.rows.map((c, i) => [
        c.name,
        shown(a.cooperatives.counts.cells[i]![0] ?? null, a.cooperatives.counts.why.cells[i]![0]),
        a.cooperatives.moneyReceivedVnd[i] ?? null,
        a.cooperatives.attributedSalesVnd[i] ?? null,
      ]),
      total: [t("ins.col.total"), shown(a.cooperatives.counts.total, a.cooperatives.counts.why.total), null, null],
      note: `${t("ins.hh.coopNote", { min: MIN_HOUSEHOLDS })} ${legend}`,
    },
  ];
}
