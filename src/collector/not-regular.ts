/** Words for a path that exists but is no regular file (a directory, a FIFO, a socket, a device). */

/** Why a path that exists is not a regular file: `is a directory`, `is a FIFO (named pipe), not a regular file`, …. */
export function notRegular(stats: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  if (stats.isDirectory()) return 'is a directory';
  if (stats.isFIFO()) return 'is a FIFO (named pipe), not a regular file';
  if (stats.isSocket()) return 'is a socket, not a regular file';
  return 'is a device, not a regular file';
}
