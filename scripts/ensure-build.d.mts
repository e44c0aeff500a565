/** True when `root` (default: the working directory) has a build and nothing that goes into it changed since. */
export function buildIsCurrent(root?: string): boolean;
export function ensureBuild(): Promise<void>;
