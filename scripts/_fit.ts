import { readFileSync, writeFileSync } from 'node:fs';
import { fitCalibration } from '../src/core/accuracy/fit';
const files = ['cases.yaml', 'more-serving.yaml', 'more-local.yaml'].map((f) =>
  readFileSync(`data/calibration/${f}`, 'utf8'),
);
const base = JSON.parse(readFileSync('src/core/estimate/calibration.json', 'utf8'));
const t = Date.now();
const r = fitCalibration(files, base, Number(process.argv[2] ?? 4));
writeFileSync('src/core/estimate/calibration.json', JSON.stringify(r.json, null, 2) + '\n');
console.log(r.before, r.after, r.log.join('\n'), (Date.now() - t) / 1000, 's');
