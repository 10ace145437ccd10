import { decodeId } from './builder.js';
import { ValidationError } from '../errors.js';

/** Decodes a global id of the expected type into a row id, or fails as a ValidationError. */
export function expectId(globalId: string, typename: string): number {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeId(globalId);
  } catch {
    throw new ValidationError(`invalid id "${globalId.slice(0, 80)}"`, 'id');
  }
  if (decoded.typename !== typename) throw new ValidationError(`id "${globalId.slice(0, 80)}" is not an ${typename} id`, 'id');
  return Number(decoded.id);
}
