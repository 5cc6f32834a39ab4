// The type of `engines.json`'s import. True because `npm run generate` and the unit suite validate the
// file against its schema (src/core/catalog/schema.ts, checkCatalogData); nothing parses it at run time.
import type { EnginesFile } from '../types';

declare const data: EnginesFile;
export default data;
