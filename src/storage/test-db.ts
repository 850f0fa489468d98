import { deleteDB } from 'idb'
import { openPulseDB, type PulseDatabase } from './db'

/** Opens a database no other test uses, with `reopen` (close and open again, as after a reload: use the connection it returns) and `remove`. */
export async function openTestDB(): Promise<{ db: PulseDatabase; name: string; reopen(): Promise<PulseDatabase>; remove(): Promise<void> }> {
  const name = `pulse-test-${crypto.randomUUID()}`
  let db = await openPulseDB(name)
  return {
    db,
    name,
    async reopen() {
      db.close()
      db = await openPulseDB(name)
      return db
    },
    async remove() {
      db.close()
      await deleteDB(name)
    },
  }
}
