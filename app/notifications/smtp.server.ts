/** The e-mail channel over SMTP (nodemailer), configured by SMTP_URL and MAIL_FROM. */
import nodemailer from "nodemailer";
import type { Channel } from "./channel";

export interface SmtpSettings {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465 (TLS). */
  url: string;
  /** The From header, e.g. "OCOP Trace <no-reply@example.vn>". */
  from: string;
  /** How long to wait for the server at each step (a slow server makes the message wait, never an order). */
  timeoutMs?: number;
}

export function createSmtpChannel(settings: SmtpSettings): Channel & { close(): void } {
  const timeout = settings.timeoutMs ?? 20_000;
  const transport = nodemailer.createTransport({
    url: settings.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    name: "email",
    async send(message) {
      await transport.sendMail({
        from: settings.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        // Stable per queued message: a retry after an unclear failure can be recognised as the same mail.
        messageId: `<${message.id}@ocop-trace>`,
        headers: { "X-OCOP-Kind": message.kind },
      });
    },
    close() {
      transport.close();
    },
  };
}
