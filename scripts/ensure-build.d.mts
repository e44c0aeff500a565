export function buildIsCurrent(): boolean;
export function ensureBuild(): Promise<void>;
