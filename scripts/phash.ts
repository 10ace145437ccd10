/** Prints the perceptual hash (src/images/phash.ts) of each image file given: `npm run phash -- star.png`. */
import { readFile } from 'node:fs/promises';
import { perceptualHash } from '../src/images/phash.js';

for (const file of process.argv.slice(2)) console.log(`${await perceptualHash(await readFile(file))}  ${file}`);
