/**
 * A worker's claims: the claim each of its running tasks holds, that claim's lease length and when
 * it was last renewed (when the claim or renewal statement was sent, so never later than the
 * database counted it). A lease is due for renewal a third of its own length after that.
 */
import type { ClaimRef, Lease } from "./Queue.js"

interface Held extends Lease {
  readonly renewedAt: number
}

const dueAt = (lease: Held) => lease.renewedAt + (lease.seconds * 1000) / 3

export const make = () => {
  const leases = new Map<number, Held>()
  const holds = (claim: ClaimRef) => leases.get(claim.taskId)?.claim === claim.claim
  return {
    /** Whether `claim` is still its task's current claim here. */
    holds,
    /** The current claim of a task, if this worker runs it. */
    get: (taskId: number): ClaimRef | undefined => leases.get(taskId),
    /** Records a claim (`sentAt`: when its statement was sent). */
    add: (lease: Lease, sentAt: number) => void leases.set(lease.taskId, { ...lease, renewedAt: sentAt }),
    /** Forgets `claim` if it is still the task's current one; whether it was. */
    forget: (claim: ClaimRef) => holds(claim) && leases.delete(claim.taskId),
    /** Every held claim once any is due for renewal, else none. */
    due: (now: number): ReadonlyArray<ClaimRef> => [...leases.values()].some((l) => dueAt(l) <= now) ? [...leases.values()] : [],
    /** Records a renewal of the claims of `sent` not in `lost` (those still current) for `seconds`. */
    renewed: (sent: ReadonlyArray<ClaimRef>, lost: ReadonlyArray<ClaimRef>, seconds: number, sentAt: number) => {
      for (const claim of sent) {
        if (holds(claim) && !lost.some((l) => l.taskId === claim.taskId && l.claim === claim.claim)) {
          leases.set(claim.taskId, { ...claim, seconds, renewedAt: sentAt })
        }
      }
    },
    /** Milliseconds until the next renewal is due, at most a second (a new claim is seen in time). */
    untilNextRenewal: (now: number) => Math.min(1000, ...[...leases.values()].map((l) => Math.max(20, dueAt(l) - now)))
  }
}
