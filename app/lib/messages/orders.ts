// Messages of orders: cooperative order queue, fulfilment, refunds, consumer order pages.
export const vi = {
} as const;

export const en: Record<keyof typeof vi, string> = {
};
