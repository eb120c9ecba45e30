/**
 * Vietnamese banks by their six-digit NAPAS BIN: the one list the cooperative profile's picker, the payment page
 * and the order mails read. A subset: any six-digit BIN is accepted, and an unknown one is shown as its number.
 */
export const commonBanks = [
  { bin: "970405", name: "Agribank" },
  { bin: "970418", name: "BIDV" },
  { bin: "970415", name: "VietinBank" },
  { bin: "970436", name: "Vietcombank" },
  { bin: "970422", name: "MB Bank" },
  { bin: "970407", name: "Techcombank" },
  { bin: "970432", name: "VPBank" },
  { bin: "970416", name: "ACB" },
  { bin: "970403", name: "Sacombank" },
  { bin: "970423", name: "TPBank" },
  { bin: "970441", name: "VIB" },
  { bin: "970443", name: "SHB" },
  { bin: "970448", name: "OCB" },
  { bin: "970437", name: "HDBank" },
  { bin: "970431", name: "Eximbank" },
  { bin: "970426", name: "MSB" },
  { bin: "970440", name: "SeABank" },
  { bin: "970454", name: "Viet Capital Bank" },
] as const;

/** The bank's name for a BIN, or null when the list does not know it. */
export function bankNameOf(bin: string): string | null {
  return commonBanks.find((b) => b.bin === bin)?.name ?? null;
}
