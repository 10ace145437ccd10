import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { builder } from './builder.js';

// The error classes (src/errors.ts) as GraphQL types: the schema's side of them, kept out of the services.

const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'An expected failure of a field, answered in its result union.',
  fields: (t) => ({ message: t.exposeString('message', { description: 'What went wrong, in words a user can read.' }) }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'The id (or external id) names nothing, or nothing any more.',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof NotFoundError,
  fields: (t) => ({ id: t.exposeID('id', { description: 'The id that was not found, as given.' }) }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'An argument was refused (malformed, out of range, a rejected image or URL); nothing was changed.',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof ValidationError,
  fields: (t) => ({ field: t.exposeString('field', { nullable: true, description: 'The argument at fault, when one is.' }) }),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  description: 'A mutation without the API token (Authorization: Bearer <API_TOKEN>) when API_TOKEN is set.',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof ForbiddenError,
});
