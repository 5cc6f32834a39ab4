// The type of `models.json`'s import. True because `npm run generate` and the unit suite validate the
// file against its schema (src/core/catalog/schema.ts, checkCatalogData); nothing parses it at run time.
import type { ModelsFile } from '../types';

declare const data: ModelsFile;
export default data;
