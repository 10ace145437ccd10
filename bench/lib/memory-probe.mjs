/**
 * Loaded into a benchmarked service with `--import`: sends process.memoryUsage() to the parent
 * over IPC every 250 ms, so the memory benchmark can tell the V8 heap from native memory (libvips,
 * glibc arenas, Buffers). Holds nothing open: the IPC channel and the timer are unref'd.
 */
if (process.send) {
  process.channel?.unref();
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    process.send?.({ probe: true, rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers });
  }, 250);
  timer.unref();
}

