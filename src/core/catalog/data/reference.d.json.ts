// The type of `reference.json`'s import. True because `npm run generate` and the unit suite validate the
// file against its schema (src/core/catalog/schema.ts, checkCatalogData); nothing parses it at run time.
import type { ReferenceFile } from '../types';

declare const data: ReferenceFile;
export default data;
