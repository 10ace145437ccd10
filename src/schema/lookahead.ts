import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * The names of the fields selected at `path` below the field being resolved (`['edges', 'node']`
 * for a connection's nodes), through aliases, inline fragments and named fragments. A look-ahead:
 * a list resolver reads it to fetch in one statement what its items' fields would fetch one
 * loader at a time. Directives (`@skip`, `@include`) are not evaluated: a skipped field only
 * costs a read nobody uses.
 */
export function selectedFieldsAt(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: readonly string[]): Set<string> {
  let sets: SelectionSetNode[] = info.fieldNodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
  for (const name of path) sets = sets.flatMap((s) => fieldsOf(info, s).filter((f) => f.name === name).flatMap((f) => (f.set ? [f.set] : [])));
  return new Set(sets.flatMap((s) => fieldsOf(info, s).map((f) => f.name)));
}

// Validation has ruled out fragment cycles, so following spreads terminates.
function fieldsOf(info: Pick<GraphQLResolveInfo, 'fragments'>, set: SelectionSetNode): { name: string; set?: SelectionSetNode }[] {
  return set.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [{ name: s.name.value, set: s.selectionSet }];
    if (s.kind === Kind.INLINE_FRAGMENT) return fieldsOf(info, s.selectionSet);
    const fragment = info.fragments[s.name.value];
    return fragment ? fieldsOf(info, fragment.selectionSet) : [];
  });
}
