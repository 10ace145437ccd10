import { GraphQLError, Kind, visit, BREAK, type DocumentNode, type ExecutionResult } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator, type ComplexityEstimatorArgs } from 'graphql-query-complexity';
import type { Plugin } from 'graphql-yoga';

/**
 * What one operation may ask for (documented in the README's "Security" section). The cost is the
 * number of fields the answer can hold at most: every field counts 1 and a list multiplies what is
 * below it by its `first` (from a literal, a variable or the default). A page of 1000 albums with
 * every cover field costs about 40,000; the same page with 100 tracks each would not fit.
 */
export const LIMITS = {
  maxCost: 50_000,
  maxDepth: 12,
  maxAliases: 20,
  maxTokens: 3000,
  /** Backstop for long strings (titles, trace details) the cost cannot see. */
  maxResponseBytes: 16 * 1024 * 1024,
} as const;

/** A request error (4xx with `Accept: application/graphql-response+json`, 200 with plain JSON, as the spec says). */
export function requestError(message: string, code: string, status = 400): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status, spec: true } } });
}

export const tooComplex = (message: string) => requestError(message, 'QUERY_TOO_COMPLEX');

/** Field extension pricing a list of at most `first` items (`size` when the field has no `first`). */
export function listCost(size: number): { complexity: (a: ComplexityEstimatorArgs) => number } {
  return {
    complexity: ({ args, childComplexity }) => {
      const first = typeof args.first === 'number' ? args.first : size;
      return 1 + Math.max(0, first) * Math.max(1, childComplexity);
    },
  };
}

/** The cost of an operation with its variables; undefined when they do not coerce (execution will say why). */
export function operationCost(args: { schema: Parameters<typeof getComplexity>[0]['schema']; document: Parameters<typeof getComplexity>[0]['query']; variableValues?: Record<string, unknown> | null; operationName?: string | null }): number | undefined {
  try {
    return getComplexity({
      schema: args.schema,
      query: args.document,
      variables: (args.variableValues ?? {}) as Record<string, unknown>,
      operationName: args.operationName ?? undefined,
      estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch {
    return undefined;
  }
}

/**
 * Prices each operation with its variables before it runs (graphql-armor's cost limit reads only
 * literals), and refuses an answer past the byte cap instead of sending it.
 */
export function useOperationLimits(log: { debug(obj: object, msg: string): void }): Plugin {
  // yoga hands every request of one query text the same parsed document (its parse cache): what a
  // document alone decides is worked out once, and its cost once per set of variables.
  const perDocument = new WeakMap<DocumentNode, { nul: boolean; costs: Map<string, number | undefined> }>();
  const known = (args: Parameters<typeof operationCost>[0]) => {
    let entry = perDocument.get(args.document);
    if (!entry) perDocument.set(args.document, (entry = { nul: documentHasNul(args.document), costs: new Map() }));
    return entry;
  };
  const costOf = (args: Parameters<typeof operationCost>[0], costs: Map<string, number | undefined>) => {
    const key = `${args.operationName ?? ''}\n${JSON.stringify(args.variableValues ?? {})}`;
    if (costs.has(key)) return costs.get(key);
    const cost = operationCost(args);
    if (costs.size >= 64) costs.clear(); // a client paging through offsets must not grow it without bound
    costs.set(key, cost);
    return cost;
  };
  const check = (args: Parameters<typeof operationCost>[0], stop: (r: ExecutionResult) => void) => {
    const document = known(args);
    // Postgres text cannot hold NUL: said here as bad input rather than as a database error.
    if (document.nul || hasNul(args.variableValues)) {
      return stop({ errors: [requestError('arguments must not contain NUL characters (\\u0000)', 'BAD_USER_INPUT')] });
    }
    const cost = costOf(args, document.costs);
    if (cost !== undefined && cost > LIMITS.maxCost) {
      log.debug({ cost }, 'operation refused: too complex');
      stop({ errors: [tooComplex(`Query too complex: it may return up to ${cost} fields (limit ${LIMITS.maxCost}); ask for smaller pages (first) or fewer nested lists.`)] });
    }
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      check(args, setResultAndStopExecution);
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result) return;
          // The text yoga will send: `result.stringify` when the executor gives one (graphql-jit's).
          const stringify = (result as Stringifiable).stringify ?? JSON.stringify;
          const text = stringify(result);
          const bytes = Buffer.byteLength(text);
          if (bytes > LIMITS.maxResponseBytes) {
            setResult({ errors: [requestError(`Response too large: ${bytes} bytes (limit ${LIMITS.maxResponseBytes}); ask for smaller pages.`, 'RESPONSE_TOO_LARGE')] });
            return;
          }
          // yoga stringifies what it sends with `result.stringify`: give it this text rather than
          // making it twice. Only for a result without errors or extensions, which nothing rewrites
          // before it is sent (masking and error codes rewrite errors); anything else is stringified anew.
          if (!result.errors && !result.extensions) (result as Stringifiable).stringify = (r) => (r === result ? text : stringify(r));
        },
      };
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      check(args, setResultAndStopExecution);
    },
  };
}

/** An execution result as yoga serialises it: with its own `stringify` when the executor gave one. */
type Stringifiable = ExecutionResult & { stringify?: (result: ExecutionResult) => string };

function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === 'object' && !(value instanceof Blob)) return Object.values(value).some(hasNul);
  return false;
}

function documentHasNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.STRING]: (node) => {
      if (node.value.includes('\0')) {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}
