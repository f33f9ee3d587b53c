/** A TCP proxy in front of the server whose open connections can be cut at once (a dropped network). */
import * as net from "node:net"

export interface DropProxy {
  readonly url: string
  /** Destroys every open connection, both ways; new connections are still accepted. */
  readonly drop: () => number
  readonly close: () => Promise<void>
}

export const startDropProxy = (targetPort: number): Promise<DropProxy> =>
  new Promise((resolve, reject) => {
    const open = new Set<net.Socket>()
    const server = net.createServer((client) => {
      const upstream = net.connect(targetPort, "127.0.0.1")
      for (const socket of [client, upstream]) {
        open.add(socket)
        socket.on("close", () => open.delete(socket))
        socket.on("error", () => socket.destroy())
      }
      client.pipe(upstream).pipe(client)
      client.on("close", () => upstream.destroy())
      upstream.on("close", () => client.destroy())
    })
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as net.AddressInfo
      resolve({
        url: `http://127.0.0.1:${address.port}/`,
        drop: () => {
          const n = open.size
          for (const socket of open) socket.destroy()
          return n
        },
        close: () =>
          new Promise((done) => {
            for (const socket of open) socket.destroy()
            server.close(() => done())
          })
      })
    })
  })
