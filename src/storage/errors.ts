/** The browser refused a write for lack of space; the transaction was aborted, so nothing of it was stored. */
export class StorageFullError extends Error {
  override name = 'StorageFullError'
  constructor(options?: ErrorOptions) {
    super('the browser has no storage space left for this site: export or delete some batches and try again', options)
  }
}

/** No readable batch has this id (never saved, deleted, or stored by a version whose meta no longer parses). */
export class BatchNotFoundError extends Error {
  override name = 'BatchNotFoundError'
  constructor(readonly batchId: string) {
    super(`no batch with id ${JSON.stringify(batchId)}`)
  }
}

/** The batch's state forbids the change: a read-only import, or a status change the state machine does not allow. */
export class BatchStateError extends Error {
  override name = 'BatchStateError'
}

/** The database was left by an older version of the lab and could not be upgraded; it was left as it was. */
export class DatabaseUpgradeError extends Error {
  override name = 'DatabaseUpgradeError'
  constructor(version: number, options?: ErrorOptions) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : ''
    super(`the lab's stored batches could not be upgraded to version ${version}${reason}; they were left as they were`, options)
  }
}
