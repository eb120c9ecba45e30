/** Where a certificate number is verified in public (pure: pages, mails, PDFs and the resolver use it). */
export function certificatePath(number: string): string {
  return `/ocop/certificates/${encodeURIComponent(number)}`;
}

export function certificatePdfPath(number: string): string {
  return `${certificatePath(number)}.pdf`;
}

export function certificateVerificationUrl(publicUrl: string, number: string): string {
  return `${publicUrl.replace(/\/+$/, "")}${certificatePath(number)}`;
}
