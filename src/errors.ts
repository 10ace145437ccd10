/**
 * Expected failures, as plain classes: services and repositories throw them without knowing about
 * GraphQL. `schema/errors.ts` registers each as a type of the schema's result unions, so clients
 * match on __typename and nothing is masked.
 */
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
