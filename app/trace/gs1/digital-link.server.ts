/** GS1 Digital Link parsing and formatting bound to the vendored syntax dictionary: what routes import. */
import { createDigitalLink } from "./digital-link";
import { getSyntaxDictionary } from "./syntax-dictionary.server";

export const { parseDigitalLinkPath, formatDigitalLinkUri } = createDigitalLink(getSyntaxDictionary());
export type { DigitalLinkParseResult, DigitalLinkParsed, DigitalLinkFailure, DigitalLinkFailureReason, GtinKey } from "./digital-link";
