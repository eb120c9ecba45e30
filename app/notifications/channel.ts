/**
 * The one way a message leaves the app: a channel sends one rendered message to one address. Email (SMTP) is the
 * only channel today; an SMS or Zalo channel implements the same interface and gets its own `ChannelName`.
 */
export const channelNames = ["email"] as const;
export type ChannelName = (typeof channelNames)[number];

export interface OutgoingMessage {
  /** The address on the channel (an e-mail address for "email"). */
  to: string;
  subject: string;
  text: string;
  /** A simple HTML part with the same content (channels without HTML ignore it). */
  html: string;
  /** What the message is for ("order_confirmation", "password_reset", ...). */
  kind: string;
  /** The queue row's id: a stable message id, so a retried send can be recognised. */
  id: string;
}

export interface Channel {
  readonly name: ChannelName;
  /** Resolves when the channel accepted the message; throws (or rejects) when it did not. */
  send(message: OutgoingMessage): Promise<void>;
}

/** Development without a mail server: the message (with its links) goes to the server log. */
export function createLogChannel(log: (fields: Record<string, string>) => void): Channel {
  return {
    name: "email",
    async send(message) {
      log({ to: message.to, kind: message.kind, subject: message.subject, body: message.text });
    },
  };
}
