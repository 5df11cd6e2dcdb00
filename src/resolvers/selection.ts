// What a query asks for below the current field, so a resolver can start a lookup early only when it is needed.
import { FieldNode, GraphQLResolveInfo, Kind, SelectionSetNode } from "graphql";

/** Whether the selection under the current field contains `path` (e.g. ["nodes", "experiment"]), through fragments. */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  let sets: SelectionSetNode[] = info.fieldNodes.flatMap((f) => (f.selectionSet ? [f.selectionSet] : []));
  for (const name of path) {
    const fields: FieldNode[] = [];
    const collect = (set: SelectionSetNode, depth: number) => {
      if (depth > 16) return;
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) {
          if (s.name.value === name) fields.push(s);
        } else if (s.kind === Kind.INLINE_FRAGMENT) collect(s.selectionSet, depth + 1);
        else {
          const fragment = info.fragments[s.name.value];
          if (fragment) collect(fragment.selectionSet, depth + 1);
        }
      }
    };
    for (const set of sets) collect(set, 0);
    if (!fields.length) return false;
    sets = fields.flatMap((f) => (f.selectionSet ? [f.selectionSet] : []));
  }
  return true;
}
