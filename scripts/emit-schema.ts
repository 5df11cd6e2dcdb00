// Writes src/schema/schema.graphql from the type-graphql classes (npm run schema:emit).
import "reflect-metadata";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { printGatewaySchema } from "../src/schema/build";

async function main(): Promise<void> {
  const out = path.join(__dirname, "..", "..", "src", "schema", "schema.graphql");
  writeFileSync(out, await printGatewaySchema());
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

void main();
