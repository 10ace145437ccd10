import type { CoverStatus as CoverStatusName } from '../covers/cover.table.js';
import { COVER_SOURCE_ENUM } from '../covers/sources/catalog.js';
import { builder } from './builder.js';

// The cover vocabulary two features speak: the covers' own fields and the library's `albums`
// filter. Declared here, beside the scalars, so the library schema need not import the covers'.

export const CoverStatus = builder.enumType('CoverStatus', {
  description: 'Where the search for a picture stands.',
  values: {
    READY: { description: 'A real image.' },
    PENDING: { description: 'Queued or running; nothing yet (dominantColor is the placeholder colour).' },
    FALLBACK: { description: 'A placeholder is shown while a remote source that failed is retried.' },
    MISSING: { description: 'Every source said no: a generated placeholder. Re-checked after a TTL.' },
    FAILED: { description: 'Gave up after the retry budget; placeholder shown.' },
  } as const satisfies Record<CoverStatusName, { description: string }>,
});

export const CoverSource = builder.enumType('CoverSource', {
  description: 'Where a picture came from: a step of the fallback chain, or a user.',
  values: COVER_SOURCE_ENUM,
});
