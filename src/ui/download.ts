/** A file name from a batch name: characters that file systems refuse become "_", and it is never empty. */
export function fileNameFor(name: string, extension: string): string {
  // Windows forbids <>:"/\|?* and control characters; a leading dot hides the file on Unix
  const base = name.replace(/[<>:"/\\|?*\u0000-\u001f\u007f]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 120)
  return `${base || 'batch'}.${extension}`
}

/** Saves a blob as a file through a temporary object URL and a download link. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  // the download has taken its own reference by now; revoking at once can cancel it in some browsers
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
