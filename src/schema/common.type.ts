// Small shared types: tags, params, page info, health.
import { Field, Float, ObjectType } from "type-graphql";

@ObjectType({ simpleResolvers: true, description: "A key/value tag (MLflow)." })
export class Tag {
  @Field(() => String, { description: "Tag name." }) key!: string;
  @Field(() => String, { description: "Tag value (text)." }) value!: string;
}

@ObjectType({ simpleResolvers: true, description: "A run parameter (MLflow)." })
export class Param {
  @Field(() => String, { description: "Parameter name." }) key!: string;
  @Field(() => String, { description: "Parameter value as MLflow stores it (text)." }) value!: string;
}

@ObjectType({
  simpleResolvers: true,
  description: "Relay-style page information; pass endCursor as `after` for the next page.",
})
export class PageInfo {
  @Field(() => Boolean, { description: "True when another page follows." }) hasNextPage!: boolean;
  @Field(() => String, {
    nullable: true,
    description: "Pass as `after` for the next page; null on the last page.",
  })
  endCursor!: string | null;
}

@ObjectType({ simpleResolvers: true, description: "One upstream's reachability." })
export class ServiceHealth {
  @Field(() => String, { description: "mysql, postgres, mlflow or s3." }) name!: string;
  @Field(() => Boolean, { description: "Whether the upstream answered the probe in time." }) ok!: boolean;
  @Field(() => Float, { nullable: true, description: "Round-trip time of the probe in milliseconds." })
  latencyMs!: number | null;
  @Field(() => String, { nullable: true, description: "Why the upstream is down, when it is." }) message!:
    | string
    | null;
}

@ObjectType({ simpleResolvers: true, description: "Reachability of every upstream." })
export class Health {
  @Field(() => Boolean, { description: "True when every upstream answered." }) ok!: boolean;
  @Field(() => [ServiceHealth], { description: "One entry per upstream: mysql, postgres, mlflow, s3." })
  services!: ServiceHealth[];
}
