// graphql-ws names its ws adapter through package "exports", which this project's node10 module resolution does
// not read: point the type checker at the file (Node itself resolves the export at run time).
declare module "graphql-ws/use/ws" {
  export * from "graphql-ws/dist/use/ws";
}
