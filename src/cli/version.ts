/**
 * The package version the build writes into the bundle (esbuild `define`); `fallback` when run
 * from source (tests, tsx), where no build defined it.
 */
declare const PACKAGE_VERSION: string;

/** "0.1.0" in a build; `fallback` from source. */
export function packageVersion(fallback = 'dev'): string {
  return typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : fallback;
}
