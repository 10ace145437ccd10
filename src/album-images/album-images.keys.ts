/** The job key of an album's picture gathering: one job per album, never a duplicate. */
export const albumImagesJobKey = (albumId: number): string => `images:album:${albumId}`;
