import { createContext, useContext } from "react";

/**
 * The request's Content-Security-Policy script nonce, given by app/entry.server.tsx to the root's <Scripts>.
 * Empty in the browser (browsers hide nonces from the page), where it is not needed.
 */
const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
