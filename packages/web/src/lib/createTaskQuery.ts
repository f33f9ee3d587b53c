/** The Tasks page's filters, kept in the URL so a filtered list can be bookmarked and shared. */
import { useSearchParams } from "@solidjs/router"
import type { Inputs } from "../api/client.js"

export type TaskQuery = NonNullable<Inputs["tasks"]["list"]>
export const PAGE_SIZE = 50

export const createTaskQuery = () => {
  const [params, setParams] = useSearchParams<Record<string, string>>()
  const query = (): TaskQuery => {
    const status = params.status ? (params.status.split(",") as TaskQuery["status"]) : undefined
    return {
      ...(status ? { status } : {}),
      ...(params.repo ? { repo: params.repo } : {}),
      ...(params.priority ? { priority: Number(params.priority) } : {}),
      ...(params.label ? { label: params.label } : {}),
      ...(params.q ? { search: params.q } : {}),
      includeArchived: params.archived === "1",
      sort: (params.sort ?? "created") as NonNullable<TaskQuery["sort"]>,
      order: params.order === "asc" ? "asc" : "desc",
      limit: PAGE_SIZE,
      offset: Number(params.offset ?? 0) || 0
    } as TaskQuery
  }
  /** Changes some filters; any change but paging goes back to the first page. */
  const set = (patch: Record<string, string | undefined>) =>
    setParams({ ...patch, ...("offset" in patch ? {} : { offset: undefined }) }, { replace: true })
  return { params, query, set }
}
