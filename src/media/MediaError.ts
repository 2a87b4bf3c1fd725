/** A media problem the user can understand: 400 (unreadable or unsupported) or 413 (over a limit). */
export class MediaError extends Error {
  constructor(
    readonly code: 400 | 413 | 500,
    message: string,
  ) {
    super(message);
    this.name = 'MediaError';
  }
}
