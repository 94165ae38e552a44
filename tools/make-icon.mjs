// Draws assets/icon.png (512×512): a teal rounded square with a white cross and a check mark.
// Original artwork, generated so it can be redrawn at any size: `node tools/make-icon.mjs [size]`.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const size = Number(process.argv[2] ?? 512);
const ss = 4; // supersampling per axis, for smooth edges

function inRoundedRect(x, y, x0, y0, x1, y1, r) {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= x0 && x <= x1 && y >= y0 && y <= y1;
}
function nearSegment(x, y, ax, ay, bx, by, w) {
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return (x - (ax + t * (bx - ax))) ** 2 + (y - (ay + t * (by - ay))) ** 2 <= w * w;
}

// Colour at a point in unit coordinates (0..1), or null for transparent.
function shade(u, v) {
  if (!inRoundedRect(u, v, 0.04, 0.04, 0.96, 0.96, 0.2)) return null;
  const check = nearSegment(u, v, 0.56, 0.72, 0.66, 0.82, 0.035) || nearSegment(u, v, 0.66, 0.82, 0.84, 0.6, 0.035);
  if (check) return [253, 224, 71];
  const arm = 0.085;
  const cross = (Math.abs(u - 0.44) <= arm && v >= 0.2 && v <= 0.68) || (Math.abs(v - 0.44) <= arm && u >= 0.2 && u <= 0.68);
  if (cross && inRoundedRect(u, v, 0.2, 0.2, 0.68, 0.68, 0.03)) return [255, 255, 255];
  const t = (u + v) / 2; // diagonal gradient, lighter top-left
  return [Math.round(20 - 8 * t), Math.round(150 - 45 * t), Math.round(140 - 35 * t)];
}

const rows = [];
for (let y = 0; y < size; y++) {
  const row = Buffer.alloc(1 + size * 4);
  for (let x = 0; x < size; x++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < ss; sy++) {
      for (let sx = 0; sx < ss; sx++) {
        const c = shade((x + (sx + 0.5) / ss) / size, (y + (sy + 0.5) / ss) / size);
        if (!c) continue;
        r += c[0]; g += c[1]; b += c[2]; a += 1;
      }
    }
    const o = 1 + x * 4;
    if (a) {
      row[o] = Math.round(r / a); row[o + 1] = Math.round(g / a); row[o + 2] = Math.round(b / a);
      row[o + 3] = Math.round((255 * a) / (ss * ss));
    }
  }
  rows.push(row);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(size, 0);
ihdr.writeUInt32BE(size, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = path.resolve(import.meta.dirname, '..', 'assets', size === 512 ? 'icon.png' : `icon-${size}.png`);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
