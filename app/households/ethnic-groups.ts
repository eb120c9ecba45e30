/**
 * The 54 ethnic groups recognised in Viet Nam, with the General Statistics Office's two-digit codes
 * (Decision 121-TCTK/PPCĐ). Vietnamese names as officially written; English names without diacritics.
 */
export const ethnicGroups = [
  ["01", "Kinh", "Kinh"],
  ["02", "Tày", "Tay"],
  ["03", "Thái", "Thai"],
  ["04", "Hoa", "Hoa"],
  ["05", "Khơ Me", "Khmer"],
  ["06", "Mường", "Muong"],
  ["07", "Nùng", "Nung"],
  ["08", "Mông", "Hmong"],
  ["09", "Dao", "Dao"],
  ["10", "Gia Rai", "Gia Rai"],
  ["11", "Ngái", "Ngai"],
  ["12", "Ê Đê", "E De"],
  ["13", "Ba Na", "Ba Na"],
  ["14", "Xơ Đăng", "Xo Dang"],
  ["15", "Sán Chay", "San Chay"],
  ["16", "Cơ Ho", "Co Ho"],
  ["17", "Chăm", "Cham"],
  ["18", "Sán Dìu", "San Diu"],
  ["19", "Hrê", "Hre"],
  ["20", "Mnông", "Mnong"],
  ["21", "Ra Glai", "Ra Glai"],
  ["22", "Xtiêng", "Xtieng"],
  ["23", "Bru Vân Kiều", "Bru Van Kieu"],
  ["24", "Thổ", "Tho"],
  ["25", "Giáy", "Giay"],
  ["26", "Cơ Tu", "Co Tu"],
  ["27", "Gié Triêng", "Gie Trieng"],
  ["28", "Mạ", "Ma"],
  ["29", "Khơ Mú", "Kho Mu"],
  ["30", "Co", "Co"],
  ["31", "Tà Ôi", "Ta Oi"],
  ["32", "Chơ Ro", "Cho Ro"],
  ["33", "Kháng", "Khang"],
  ["34", "Xinh Mun", "Xinh Mun"],
  ["35", "Hà Nhì", "Ha Nhi"],
  ["36", "Chu Ru", "Chu Ru"],
  ["37", "Lào", "Lao"],
  ["38", "La Chí", "La Chi"],
  ["39", "La Ha", "La Ha"],
  ["40", "Phù Lá", "Phu La"],
  ["41", "La Hủ", "La Hu"],
  ["42", "Lự", "Lu"],
  ["43", "Lô Lô", "Lo Lo"],
  ["44", "Chứt", "Chut"],
  ["45", "Mảng", "Mang"],
  ["46", "Pà Thẻn", "Pa Then"],
  ["47", "Cơ Lao", "Co Lao"],
  ["48", "Cống", "Cong"],
  ["49", "Bố Y", "Bo Y"],
  ["50", "Si La", "Si La"],
  ["51", "Pu Péo", "Pu Peo"],
  ["52", "Brâu", "Brau"],
  ["53", "Ơ Đu", "O Du"],
  ["54", "Rơ Măm", "Ro Mam"],
].map(([code, nameVi, nameEn]) => ({ code: code!, nameVi: nameVi!, nameEn: nameEn! }));

export type EthnicGroup = (typeof ethnicGroups)[number];
export const KINH = "01";

const byCode = new Map(ethnicGroups.map((g) => [g.code, g]));

export function isEthnicityCode(code: string): boolean {
  return byCode.has(code);
}

export function ethnicGroup(code: string): EthnicGroup | undefined {
  return byCode.get(code);
}

/** Lower case, no diacritics, đ → d, no spaces/hyphens/apostrophes: how spreadsheets spell names varies. */
export function foldName(value: string): string {
  return value
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "d")
    .toLowerCase()
    .replace(/[\s'’\-_.]+/g, "");
}

// Other spellings seen in lists: "H'Mông", "Hmông", "Khmer", "Khơ-me", "Ê-đê", "Vân Kiều".
const aliases: Record<string, string> = {
  hmong: "08",
  meo: "08",
  khmer: "05",
  vankieu: "23",
  bru: "23",
  xodang: "14",
  edeh: "12",
  gietrieng: "27",
  tay: "02",
};

/** The code of an ethnic group named in Vietnamese or English, any spelling of diacritics; or by its code. */
export function findEthnicityCode(input: string): string | null {
  const trimmed = input.trim();
  if (/^\d{1,2}$/.test(trimmed)) {
    const code = trimmed.padStart(2, "0");
    return byCode.has(code) ? code : null;
  }
  const folded = foldName(trimmed.replace(/^(dân tộc|dan toc)\s+/i, ""));
  if (!folded) return null;
  for (const g of ethnicGroups) {
    if (foldName(g.nameVi) === folded || foldName(g.nameEn) === folded) return g.code;
  }
  return aliases[folded] ?? null;
}
