// Messages of the storefront catalogue, product listings and stock on sale.
export const vi = {
} as const;

export const en: Record<keyof typeof vi, string> = {
};
