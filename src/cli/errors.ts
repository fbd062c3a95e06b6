/** A user error at the command line: printed as one line, exit status 2, no output files written. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
