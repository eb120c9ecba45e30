// Messages of card payments through Stripe and bank transfers by VietQR.
export const vi = {
} as const;

export const en: Record<keyof typeof vi, string> = {
};
