/** Builds the covers console (web/) into dist/console/. */
export function buildConsole(): Promise<void>;
