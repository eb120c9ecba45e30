export { decompressDigitalLinkPath, isCompressedDigitalLinkPath } from "./compression";
