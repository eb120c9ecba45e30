/**
 * Personal data out of logs. A failed query's error carries its parameters (buyers' names, phone numbers,
 * addresses) in its message ("params: …") and PostgreSQL's detail ("Key (phone)=(0912345678)"); these are
 * dropped, and any phone number left in a logged text is masked to its last three digits.
 */

// Vietnamese numbers (0xxxxxxxxx, +84xxxxxxxxx), optionally grouped with spaces, dots or dashes.
const PHONE = /(?<![\d+])(?:\+?84|0)(?:[\s.-]?\d){8,10}(?!\d)/g;

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  return `***${digits.slice(-3)}`;
}

/** A text fit for the log: query parameters and key values dropped, phone numbers masked. */
export function redactPersonalData(text: string): string {
  return (
    text
      // drizzle's DrizzleQueryError: "Failed query: …\nparams: a,b,c" (to the end of that line).
      .replace(/(^|\n)(\s*)params: [^\n]*/g, "$1$2params: [redacted]")
      // PostgreSQL's detail of unique, foreign-key and check violations.
      .replace(/Key \(([^)]*)\)=\((?:[^()]|\([^()]*\))*\)/g, "Key ($1)=([redacted])")
      .replace(/Failing row contains \((?:[^()]|\([^()]*\))*\)/g, "Failing row contains ([redacted])")
      .replace(PHONE, (match) => maskPhone(match))
  );
}
