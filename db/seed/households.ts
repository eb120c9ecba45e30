/**
 * Demo member households of three cooperatives, generated from a fixed seed so every run (and every
 * screenshot) gets the same people. Names are made up from common family and given names; codes,
 * villages and incomes are illustrative. Pure data: db/seed/activity.ts writes it.
 */
import { povertyStandardFor, yearlyPovertyLine } from "~/households/poverty-lines";
import type { DemoCommuneSlug } from "./communes";

/** Deterministic PRNG (mulberry32): the same seed gives the same demo data. */
export function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const weighted = <T>(items: readonly (readonly [T, number])[]): T => {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  };
  return { next, int, pick, weighted, chance: (p: number) => next() < p };
}
export type Random = ReturnType<typeof createRandom>;

export type DemoStatus = "poor" | "near_poor" | "newly_escaped" | "not_poor";

export interface DemoHousehold {
  organisation: string;
  code: string;
  headName: string;
  headSex: "female" | "male";
  memberCount: number;
  /** Statistical code of the ethnic group (app/households/ethnic-groups.ts). */
  ethnicityCode: string;
  commune: DemoCommuneSlug;
  village: string;
  joinedOn: string;
  baseline: { year: number; incomeVnd: number } | null;
  /** Poverty status by year, under the standard in force that year. */
  statuses: { year: number; status: DemoStatus; standard: string }[];
  /** Yearly income surveys: income per person per year, integer VND. */
  surveys: { year: number; incomePerPersonVnd: number; memberCount: number; surveyedOn: string }[];
}

interface CooperativePlan {
  organisation: string;
  prefix: string;
  foundedYear: number;
  communes: { slug: DemoCommuneSlug; households: number; villages: string[] }[];
  /** Ethnic groups by weight: [code, weight]. */
  ethnicities: (readonly [string, number])[];
}

export const householdPlans: CooperativePlan[] = [
  {
    organisation: "htx-che-tan-cuong-xanh",
    prefix: "TCX",
    foundedYear: 2012,
    communes: [
      { slug: "tan-cuong", households: 16, villages: ["Xóm Hồng Thái 1", "Xóm Hồng Thái 2", "Xóm Nam Thái", "Xóm Soi Mít", "Xóm Y Na"] },
      { slug: "dai-tu", households: 9, villages: ["Xóm Đồng Khuôn", "Xóm Bãi Chè", "Xóm Cầu Thông"] },
      { slug: "dong-hy", households: 7, villages: ["Xóm Trại Cài", "Xóm Làng Mới"] },
    ],
    ethnicities: [
      ["01", 62],
      ["18", 14],
      ["02", 10],
      ["07", 7],
      ["09", 7],
    ],
  },
  {
    organisation: "htx-nong-nghiep-bao-thai-dinh-hoa",
    prefix: "BTD",
    foundedYear: 2010,
    communes: [
      { slug: "dinh-hoa", households: 18, villages: ["Thôn Nà Mòn", "Thôn Nà Lùng", "Thôn Bản Cọ", "Thôn Khuôn Nhà"] },
      { slug: "phu-luong", households: 10, villages: ["Xóm Na Mao", "Xóm Đồng Tâm", "Xóm Khe Cốc"] },
      { slug: "cho-moi", households: 8, villages: ["Thôn Nà Pài", "Thôn Bản Đon"] },
    ],
    ethnicities: [
      ["02", 46],
      ["01", 22],
      ["07", 12],
      ["09", 10],
      ["15", 6],
      ["08", 4],
    ],
  },
  {
    organisation: "htx-che-suoi-kem-la-bang",
    prefix: "SK",
    foundedYear: 2015,
    communes: [
      { slug: "la-bang", households: 13, villages: ["Xóm Lau Sau", "Xóm Khuôn Năm", "Xóm Rừng Vần", "Xóm Đồng Tiến"] },
      { slug: "dai-tu", households: 8, villages: ["Xóm La Cút", "Xóm Đồng Khuôn"] },
    ],
    ethnicities: [
      ["01", 40],
      ["09", 30],
      ["18", 22],
      ["02", 8],
    ],
  },
];

const familyNames: Record<string, string[]> = {
  "01": ["Nguyễn", "Trần", "Lê", "Phạm", "Vũ", "Đỗ", "Bùi", "Dương", "Đinh", "Ngô"],
  "02": ["Ma", "Hoàng", "Nông", "Lường", "Đàm", "Lục", "Hà", "Mông"],
  "07": ["Nông", "Lương", "Hoàng", "Vi", "Lăng"],
  "09": ["Triệu", "Bàn", "Đặng", "Lý", "Chu"],
  "15": ["Lâm", "Hoàng", "Trần", "Vi"],
  "18": ["Diệp", "Lam", "Trần", "Lưu", "Tạ"],
  "08": ["Giàng", "Vàng", "Sùng", "Thào"],
};
const middleNames = { female: ["Thị", "Thị", "Thị", "Thu", "Hồng"], male: ["Văn", "Văn", "Đức", "Minh", "Quang"] } as const;
const givenNames = {
  female: ["Mai", "Lan", "Hoa", "Hằng", "Nga", "Thảo", "Hương", "Liên", "Nhung", "Thoa", "Yến", "Dung", "Huệ", "Loan", "Phượng", "Vân"],
  male: ["Hùng", "Dũng", "Tuấn", "Thắng", "Bình", "Cường", "Hải", "Lâm", "Sơn", "Toàn", "Quân", "Trường", "Khánh", "Vinh", "Phúc", "Long"],
} as const;

/** The trajectory a household follows from 2024 to 2026 (most are not poor throughout). */
type Path = "escaped" | "rising" | "slow" | "still_poor" | "not_poor";

const RURAL = "rural" as const;
const line = (year: number) => yearlyPovertyLine(year, RURAL)!;
const roundTo = (n: number, step: number) => Math.round(n / step) * step;

function incomes(path: Path, random: Random): { baseline: number; byYear: Record<2024 | 2025 | 2026, number> } {
  const within = (low: number, high: number) => roundTo(low + random.next() * (high - low), 10_000);
  switch (path) {
    case "escaped":
      // Poor in 2024, near-poor in 2025, above the (higher) 2026 line in 2026.
      return { baseline: within(8_200_000, 10_000_000), byYear: { 2024: within(14_000_000, 16_800_000), 2025: within(16_000_000, line(2025) - 200_000), 2026: within(line(2026) + 600_000, 31_000_000) } };
    case "rising":
      return { baseline: within(9_000_000, 11_000_000), byYear: { 2024: within(15_500_000, line(2024) - 100_000), 2025: within(line(2025) + 1_000_000, 23_000_000), 2026: within(line(2026) + 1_500_000, 33_000_000) } };
    case "slow":
      return { baseline: within(7_500_000, 9_000_000), byYear: { 2024: within(12_500_000, 15_000_000), 2025: within(14_500_000, 17_500_000), 2026: within(21_000_000, line(2026) - 500_000) } };
    case "still_poor":
      return { baseline: within(7_000_000, 8_800_000), byYear: { 2024: within(12_000_000, 14_500_000), 2025: within(14_000_000, 17_000_000), 2026: within(19_000_000, line(2026) - 1_500_000) } };
    case "not_poor": {
      const baseline = within(15_000_000, 34_000_000);
      // 2020 → 2026 multiples from about 1.5× to 3.1×: some households pass the resolution's 2.5×;
      // never at or under the year's poverty line (these households are not poor).
      const multiple = Math.max(1.5 + random.next() * 1.6, 28_500_000 / baseline);
      const at = (year: number) => Math.max(line(year) + 1_000_000, roundTo(baseline * multiple ** ((year - 2020) / 6) * (0.96 + random.next() * 0.08), 10_000));
      return { baseline, byYear: { 2024: at(2024), 2025: at(2025), 2026: at(2026) } };
    }
  }
}

function statusesOf(path: Path, random: Random): Record<2024 | 2025 | 2026, DemoStatus> {
  switch (path) {
    case "escaped":
      return { 2024: "poor", 2025: "near_poor", 2026: "newly_escaped" };
    case "rising":
      return { 2024: "near_poor", 2025: "newly_escaped", 2026: "not_poor" };
    case "slow":
      return { 2024: "poor", 2025: random.chance(0.5) ? "poor" : "near_poor", 2026: "near_poor" };
    case "still_poor":
      return { 2024: "poor", 2025: "poor", 2026: "poor" };
    case "not_poor":
      return { 2024: "not_poor", 2025: "not_poor", 2026: "not_poor" };
  }
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Every demo household, always the same ones. */
export function demoHouseholds(seed = 20_260_519): DemoHousehold[] {
  const random = createRandom(seed);
  const out: DemoHousehold[] = [];
  for (const plan of householdPlans) {
    let n = 0;
    for (const commune of plan.communes) {
      for (let i = 0; i < commune.households; i++) {
        n += 1;
        const ethnicityCode = random.weighted(plan.ethnicities);
        const minority = ethnicityCode !== "01";
        const headSex = random.chance(0.42) ? "female" : "male";
        const path: Path = random.weighted<Path>([
          ["escaped", minority ? 14 : 6],
          ["rising", minority ? 12 : 6],
          ["slow", minority ? 8 : 3],
          ["still_poor", minority ? 13 : 2],
          ["not_poor", minority ? 53 : 83],
        ]);
        const memberCount = random.int(path === "not_poor" ? 2 : 3, path === "not_poor" ? 6 : 7);
        // Most joined before 2020 and have a 2020 baseline; some joined later, measured when they joined.
        const joinedYear = random.weighted<number>([
          [random.int(Math.max(2011, plan.foundedYear), 2019), 78],
          [2022, 12],
          [2024, 10],
        ]);
        const joinedOn = isoDate(joinedYear, random.int(1, 12), random.int(1, 28));
        const income = incomes(path, random);
        const status = statusesOf(path, random);
        const baseline =
          joinedYear <= 2020 ? { year: 2020, incomeVnd: income.baseline } : joinedYear === 2022 ? { year: 2022, incomeVnd: roundTo(income.baseline * 1.25, 10_000) } : null;
        const years = ([2024, 2025, 2026] as const).filter((y) => y >= joinedYear);
        const family = random.pick(familyNames[ethnicityCode] ?? familyNames["01"]!);
        const headName = `${family} ${random.pick(middleNames[headSex])} ${random.pick(givenNames[headSex])}`;
        const members = (year: number) => (year === 2026 && random.chance(0.1) ? Math.max(1, memberCount - 1) : memberCount);
        out.push({
          organisation: plan.organisation,
          code: `${plan.prefix}-${String(n).padStart(3, "0")}`,
          headName,
          headSex,
          memberCount,
          ethnicityCode,
          commune: commune.slug,
          village: random.pick(commune.villages),
          joinedOn,
          baseline,
          statuses: years.map((year) => ({ year, status: status[year], standard: povertyStandardFor(year)!.id })),
          surveys: years.map((year) => ({
            year,
            incomePerPersonVnd: income.byYear[year],
            memberCount: members(year),
            // Surveyed in the autumn of the year (2026: before the demo's today).
            surveyedOn: isoDate(year, year === 2026 ? 10 : random.int(10, 12), random.int(1, 28)),
          })),
        });
      }
    }
  }
  return out;
}
