/**
 * Communes and wards of Thái Nguyên used by the demo data, as named in the two-level local government
 * since 1 July 2025 (Thái Nguyên now includes the former Bắc Kạn province). Official five-digit codes
 * are left null until they are checked against the published list.
 */

export const THAI_NGUYEN = "19";

export interface DemoCommune {
  slug: string;
  /** Name without the "Xã"/"Phường" prefix; `kind` says which. */
  nameVi: string;
  kind: "commune" | "ward";
}

export const demoCommunes = [
  { slug: "phan-dinh-phung", nameVi: "Phan Đình Phùng", kind: "ward" },
  { slug: "pho-yen", nameVi: "Phổ Yên", kind: "ward" },
  { slug: "bac-kan", nameVi: "Bắc Kạn", kind: "ward" },
  { slug: "tan-cuong", nameVi: "Tân Cương", kind: "commune" },
  { slug: "dai-tu", nameVi: "Đại Từ", kind: "commune" },
  { slug: "la-bang", nameVi: "La Bằng", kind: "commune" },
  { slug: "dinh-hoa", nameVi: "Định Hóa", kind: "commune" },
  { slug: "phu-luong", nameVi: "Phú Lương", kind: "commune" },
  { slug: "vo-nhai", nameVi: "Võ Nhai", kind: "commune" },
  { slug: "dong-hy", nameVi: "Đồng Hỷ", kind: "commune" },
  { slug: "phu-binh", nameVi: "Phú Bình", kind: "commune" },
  { slug: "ba-be", nameVi: "Ba Bể", kind: "commune" },
  { slug: "na-ri", nameVi: "Na Rì", kind: "commune" },
  { slug: "cho-don", nameVi: "Chợ Đồn", kind: "commune" },
  { slug: "bach-thong", nameVi: "Bạch Thông", kind: "commune" },
  { slug: "cho-moi", nameVi: "Chợ Mới", kind: "commune" },
] as const satisfies readonly DemoCommune[];

export type DemoCommuneSlug = (typeof demoCommunes)[number]["slug"];
