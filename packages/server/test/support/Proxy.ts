/** A TCP proxy on loopback whose connections a test can cut, like a flaky network between browser and server. */
import * as net from "node:net"

export interface Proxy {
  readonly url: string
  /** Destroys every open connection (new ones are still accepted). */
  readonly cut: () => number
  readonly close: () => Promise<void>
}

export const startProxy = (targetPort: number): Promise<Proxy> =>
  new Promise((resolve) => {
    const sockets = new Set<net.Socket>()
    const track = (socket: net.Socket) => {
      sockets.add(socket)
      socket.on("close", () => sockets.delete(socket))
    }
    const server = net.createServer((client) => {
      const upstream = net.connect(targetPort, "127.0.0.1")
      track(client)
      track(upstream)
      client.pipe(upstream).pipe(client)
      client.on("error", () => upstream.destroy())
      upstream.on("error", () => client.destroy())
      client.on("close", () => upstream.destroy())
      upstream.on("close", () => client.destroy())
    })
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo
      resolve({
        url: `http://127.0.0.1:${port}/`,
        cut: () => {
          const n = sockets.size
          for (const socket of sockets) socket.destroy()
          return n
        },
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
          })
      })
    })
  })
