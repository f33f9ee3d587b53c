import { Option } from "effect"

type Given<T> =
  & { [K in keyof T as T[K] extends Option.Option<unknown> ? never : K]: T[K] }
  & { [K in keyof T as T[K] extends Option.Option<unknown> ? K : never]?: T[K] extends Option.Option<infer A> ? A : never }

/** Keeps the options a user gave: `None` fields are dropped, `Some` unwrapped, others kept. */
export const given = <T extends Record<string, unknown>>(options: T): Given<T> =>
  Object.fromEntries(
    Object.entries(options).flatMap(([k, v]) =>
      Option.isOption(v) ? (Option.isSome(v) ? [[k, v.value]] : []) : [[k, v]]
    )
  ) as Given<T>
