// Draws media/icon.png (128×128): three GPU-memory bars against a capacity line. Written in plain
// Node (zlib + CRC) so the icon is reproducible without an image tool. Run once: node scripts/make-icon.mjs
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';

const size = 128;
const pixels = Buffer.alloc(size * size * 4);
const set = (x, y, [r, g, b, a = 255]) => pixels.set([r, g, b, a], (y * size + x) * 4);
const rect = (x0, y0, x1, y1, color) => {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) set(x, y, color);
};
const round = (x, y, r) => {
  // rounded-square mask
  const cx = Math.min(Math.max(x, r), size - 1 - r),
    cy = Math.min(Math.max(y, r), size - 1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (round(x, y, 22)) set(x, y, [24, 34, 52]);
const bars = [
  [22, 40, [86, 156, 214]],
  [54, 64, [78, 201, 176]],
  [86, 28, [220, 160, 80]],
];
for (const [x, top, color] of bars) {
  rect(x, top, x + 22, 104, color);
  rect(x, top, x + 22, top + 6, [255, 255, 255, 200]);
}
rect(14, 30, 114, 33, [240, 80, 80]);

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(size, 0);
ihdr.writeUInt32BE(size, 4);
ihdr[8] = 8;
ihdr[9] = 6;
const raw = Buffer.alloc((size * 4 + 1) * size);
for (let y = 0; y < size; y++) pixels.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
mkdirSync('media', { recursive: true });
writeFileSync(
  'media/icon.png',
  Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]),
);
console.log('wrote media/icon.png');
