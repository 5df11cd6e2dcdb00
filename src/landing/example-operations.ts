// The README's example operations, read once, as GraphiQL's first tabs (one source: the README itself).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export interface ExampleTab {
  query: string;
  variables?: string;
}

const FALLBACK: ExampleTab[] = [{ query: "query Health {\n  health {\n    ok\n  }\n}\n" }];
const SECTION = "## Example operations";

/**
 * The ```graphql blocks of the README's "Example operations" section, in order. An operation that declares
 * variables may be followed by a ```json block: its variables (a json block after any other operation is the
 * answer the README shows, not variables). Falls back to a health query when the README is not beside the code
 * (the container image ships without it).
 */
export function readExampleOperations(readme = findReadme()): ExampleTab[] {
  if (!readme) return FALLBACK;
  const text = readFileSync(readme, "utf8");
  const start = text.indexOf(SECTION);
  if (start < 0) return FALLBACK;
  const rest = text.slice(start + SECTION.length);
  const end = rest.search(/^## /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  const tabs: ExampleTab[] = [];
  for (const m of section.matchAll(/^```(graphql|json)\n([\s\S]*?)^```/gm)) {
    if (m[1] === "graphql") tabs.push({ query: m[2] });
    else if (
      tabs.length &&
      tabs[tabs.length - 1].variables === undefined &&
      declaresVariables(tabs[tabs.length - 1])
    )
      tabs[tabs.length - 1].variables = m[2];
  }
  return tabs.length ? tabs : FALLBACK;
}

/** `query Name($id: ID!)`: the operation's header declares a variable. */
function declaresVariables(tab: ExampleTab): boolean {
  return /^\s*(query|mutation|subscription)\b[^{]*\$/m.test(tab.query);
}

function findReadme(): string | undefined {
  // dist/src/landing/ in a build, src/landing/ under a TypeScript runner; or the working directory.
  for (const dir of [
    path.resolve(__dirname, "..", "..", ".."),
    path.resolve(__dirname, "..", ".."),
    process.cwd(),
  ]) {
    const file = path.join(dir, "README.md");
    if (existsSync(file)) return file;
  }
  return undefined;
}
