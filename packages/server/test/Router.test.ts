import { describe, expect, it } from "vitest"
import { useServer } from "./support/TestServer.js"

const server = useServer()

describe("the tRPC API", () => {
  it("creates a task and finds it in the list, by key and by search", async () => {
    const created = await server.client.tasks.create.mutate({ title: "Fix the login page", key: "WEB-1", labels: ["ui"] })
    expect(created.status).toBe("pending")
    await server.client.tasks.create.mutate({ title: "Write docs" })
    const page = await server.client.tasks.list.query({ search: "login" })
    expect(page.total).toBe(1)
    expect(page.items[0]?.key).toBe("WEB-1")
    expect((await server.client.tasks.get.query({ key: "WEB-1" })).title).toBe("Fix the login page")
    expect((await server.client.tasks.list.query({ label: "ui" })).items.map((t) => t.key)).toEqual(["WEB-1"])
  })

  it("answers a missing task with NOT_FOUND and its message", async () => {
    await expect(server.client.tasks.get.query({ key: "NOPE-1" })).rejects.toMatchObject({
      message: "task not found: NOPE-1",
      data: { code: "NOT_FOUND", httpStatus: 404, tag: "NotFound" }
    })
  })

  it("serves /healthz and the web app's routes", async () => {
    expect(await (await fetch(`${server.url}healthz`)).json()).toEqual({ ok: true })
    const page = await fetch(`${server.url}tasks/WEB-1`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain("<div id=app>")
    expect((await fetch(`${server.url}assets/app-1234.js`)).headers.get("cache-control")).toContain("immutable")
    expect((await fetch(`${server.url}../../etc/passwd`)).status).toBe(404)
    expect((await fetch(`${server.url}nothing-here`)).status).toBe(404)
  })
})
