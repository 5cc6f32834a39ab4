// The type of `hardware.json`'s import. True because `npm run generate` and the unit suite validate the
// file against its schema (src/core/catalog/schema.ts, checkCatalogData); nothing parses it at run time.
import type { HardwareFile } from '../types';

declare const data: HardwareFile;
export default data;
