export * from "./places";
export * from "./catalog";
export * from "./identity";
export * from "./trace";
export * from "./meta";
export * from "./audit";
export * from "./scans";
export * from "./market";
