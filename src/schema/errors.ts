import { builder } from './builder.js';

/** Expected failures are part of the schema: clients match on __typename, nothing is masked. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
  constructor(public readonly id: string, what = 'item') {
    super(`no ${what} with id ${id}`);
  }
}

export class ValidationError extends Error {
  override name = 'ValidationError';
  constructor(message: string, public readonly field?: string) {
    super(message);
  }
}

export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
}

const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  fields: (t) => ({ message: t.exposeString('message') }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof NotFoundError,
  fields: (t) => ({ id: t.exposeID('id') }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof ValidationError,
  fields: (t) => ({ field: t.exposeString('field', { nullable: true }) }),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof ForbiddenError,
});
