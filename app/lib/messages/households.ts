// Messages of member households, supplies, payments to households, income attribution and imports.
export const vi = {
} as const;

export const en: Record<keyof typeof vi, string> = {
};
