/**
 * `CD1`, `cd 2`, `Disc 2`, `Disk 03`, `disc_4`, `CD1 - Live`, `Disc 1 of 2`, `Disc 2: Live`: a disc of
 * the album in the parent folder. The number is one to three digits and, when anything follows, a
 * separator comes first: `cd1a` (a side, a variant) and `CD12345` (a catalogue number) are folders of
 * their own, as are `Disc`, `Bonus`, `Extras`, `Artwork` and `Scans`.
 */
const DISC_FOLDER = /^(?:cd|dis[ck])[\s._-]*\d{1,3}(?:[\s._\-–—:,([].*)?$/iu;

/** The one disc-folder rule: the scanner folds such a folder into its album, the folder source looks in it for art. */
export function isDiscFolder(name: string): boolean {
  return DISC_FOLDER.test(name);
}
