// File upload and thumbnail throughput on a real `serve` process (local disk): multipart create with one
// ~30 KB PNG, first-time thumb generation (a new record per request), cached thumb and original serving.
import sharp from 'sharp';
import { formatResult, runLoad } from './load.ts';
import { startSatchel, stopAll } from './servers.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

const satchel = await startSatchel();
const { url, token } = satchel;
const created = await fetch(`${url}/api/collections`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: token },
  body: JSON.stringify({
    name: 'photos',
    type: 'base',
    viewRule: '',
    createRule: '',
    fields: [{ name: 'image', type: 'file', maxSelect: 1, thumbs: ['300x200'] }],
  }),
});
if (!created.ok) throw new Error(await created.text());

// 400×300 noisy PNG: realistic decode work, ~30–360 KB.
const noise = crypto.getRandomValues(new Uint8Array(100 * 75 * 3));
const image = await sharp(noise, { raw: { width: 100, height: 75, channels: 3 } })
  .resize(400, 300)
  .png()
  .toBuffer();
console.log(`upload payload: ${image.length} bytes PNG, 400x300`);

const ids: { id: string; name: string }[] = [];
const upload = await runLoad(
  async () => {
    const form = new FormData();
    form.append('image', new File([image], 'photo.png'));
    const res = await fetch(`${url}/api/collections/photos/records`, {
      method: 'POST',
      body: form,
    });
    if (res.ok) {
      const r = (await res.clone().json()) as { id: string; image: string };
      ids.push({ id: r.id, name: r.image });
    }
    return res;
  },
  { concurrency: CONCURRENCY, seconds: SECONDS },
);
console.log(formatResult('upload (multipart, 1 PNG)', upload));

const fileUrl = (i: number, thumb?: string) => {
  const r = ids[i % ids.length]!;
  return `${url}/api/files/photos/${r.id}/${r.name}${thumb ? `?thumb=${thumb}` : ''}`;
};
// Each request a record whose thumb does not exist yet (until the uploads run out).
const fresh = await runLoad((i) => fetch(fileUrl(i, '100x100')), {
  concurrency: CONCURRENCY,
  seconds: SECONDS,
});
console.log(formatResult('thumb 100x100 (first generation)', fresh));
const cached = await runLoad((i) => fetch(fileUrl(i % 50, '100x100')), {
  concurrency: CONCURRENCY,
  seconds: SECONDS,
});
console.log(formatResult('thumb 100x100 (cached)', cached));
const original = await runLoad((i) => fetch(fileUrl(i)), {
  concurrency: CONCURRENCY,
  seconds: SECONDS,
});
console.log(formatResult('original file', original));
console.log(
  `(${ids.length} records uploaded; first-generation requests beyond that were cache hits)`,
);
await stopAll(satchel);
