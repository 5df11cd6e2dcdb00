// Where a CPU profile (node --cpu-prof) spent its time: self time by package (or gateway file) and by function.
// Usage: node dist/bench/cpu-profile-summary.js <file.cpuprofile> [top]
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<pkg> (or @scope/pkg), node:<module>, gateway:<file>, or the V8 pseudo-frame ((idle), (gc)...). */
function groupOf(node: ProfileNode): string {
  const url = node.callFrame.url;
  if (url.includes("node_modules/")) {
    const parts = url.split("node_modules/").pop()!.split("/");
    return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.startsWith("node:")) return url;
  if (url.includes("/dist/")) return `gateway:${url.split("/dist/")[1]}`;
  return node.callFrame.functionName || "(native)";
}

export function summarize(profile: Profile, top = 30): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    const g = groupOf(node);
    groups.set(g, (groups.get(g) ?? 0) + us);
    const where = node.callFrame.url.split("/").slice(-2).join("/");
    const f = `${node.callFrame.functionName || "(anonymous)"} ${where}:${node.callFrame.lineNumber}`;
    functions.set(f, (functions.get(f) ?? 0) + us);
  });
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`);
  return [
    `profile: ${(total / 1e6).toFixed(1)} s sampled`,
    "self time by package:",
    ...list(groups),
    "",
    "self time by function:",
    ...list(functions),
  ];
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: node dist/bench/cpu-profile-summary.js <file.cpuprofile> [top]");
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  console.log(summarize(profile, Number(process.argv[3] ?? 30)).join("\n"));
}
