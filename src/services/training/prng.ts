// The seeded PRNG lives with the estimators (services/models/prng.ts), which draw from it too; training and
// datasets keep importing it from here.
export * from "../models/prng";
