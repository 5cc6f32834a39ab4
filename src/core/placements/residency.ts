/**
 * Data residency as data: is a cloud `location` inside a `dataResidency` area? Both may be a jurisdiction
 * (eu, eea, uk, ch, us, ca, apac), an ISO country code, an alias (europe, germany) or a provider region id
 * (eu-central-1, europe-west4, westeurope, eu-frankfurt-1). Facts and their sources: catalog/data/regions.json.
 */
import regionsData from '../catalog/data/regions.json';

interface RegionsData {
  jurisdictions: Record<string, { countries: string[] }>;
  aliases: Record<string, string>;
  providers: Record<string, { regions: Record<string, string> }>;
}

const data = regionsData as unknown as RegionsData;
const regionCountry = new Map<string, string>();
for (const p of Object.values(data.providers)) for (const [r, c] of Object.entries(p.regions)) regionCountry.set(r, c);
const countries = new Set(
  Object.values(data.jurisdictions)
    .flatMap((j) => j.countries)
    .concat([...regionCountry.values()]),
);

/** The countries an area label covers, or undefined when the label is not in the region model. */
function countriesOf(label: string): ReadonlySet<string> | undefined {
  const key = label.trim().toLowerCase();
  const name = data.aliases[key] ?? key;
  const jurisdiction = data.jurisdictions[name];
  if (jurisdiction) return new Set(jurisdiction.countries);
  const region = regionCountry.get(name);
  if (region) return new Set([region]);
  if (countries.has(name)) return new Set([name]);
  return undefined;
}

/** `inside`: every country of `location` is in `area`; `unknown`: one of them is not in the region model. */
export type ResidencyCheck = 'inside' | 'outside' | 'unknown';

/** Whether a cloud `location` lies inside a `dataResidency` area (labels compared exactly when either is unknown). */
export function checkResidency(location: string, area: string): ResidencyCheck {
  const where = countriesOf(location);
  const allowed = countriesOf(area);
  if (!where || !allowed) return location.trim().toLowerCase() === area.trim().toLowerCase() ? 'inside' : 'unknown';
  for (const c of where) if (!allowed.has(c)) return 'outside';
  return 'inside';
}
