/**
 * The image files the folder source tries and the scanner watches (their names and sizes are an
 * album's image signature), best first when two files share a name. One list for both, so a rescan
 * notices a change in every image the source would read. BMP is left out: libvips (sharp's engine)
 * has no BMP loader in sharp's prebuilt binaries, so a `.bmp` could never become a cover.
 */
export const FOLDER_IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'avif', 'tif', 'tiff', 'gif'] as const;
