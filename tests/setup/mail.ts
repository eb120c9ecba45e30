import type { Channel, OutgoingMessage } from "~/notifications/channel";

/** A channel that keeps what it was given (database tests read the messages the queue sent). */
export function memoryChannel(): Channel & { sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  return { name: "email", sent, send: async (message) => void sent.push(message) };
}
